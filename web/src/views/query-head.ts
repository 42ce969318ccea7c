import type { App } from '../context.ts';
import { h } from '../dom.ts';
import type { VisualClusterRef } from '../state.ts';
import type { Box, ObjectSummary } from '../types.ts';
import { visualClusterOf } from '../visual-clusters.ts';
import { middleEllipsis } from '../words/file-name.ts';
import { visualClusterTitle } from '../words/visual-clusters.ts';
import { clusterTile, openCluster } from './visual-tile.ts';

/**
 * The query a similar-image result answers, shown at its head: the image (with the drawn region or the object's
 * box on it) or the uploaded file, so that the hits can be judged against it.
 */

/** Objects chosen in the detail view: their image and box head the result (no route reads an object by id). */
const chosenObjects = new Map<string, ObjectSummary>();

export function rememberObject(object: ObjectSummary): void {
  chosenObjects.set(object.id, object);
}

const NAME_CHARS = 40;

export function queryHead(app: App): HTMLElement | null {
  const { state } = app;
  const open = (id: string) => () => app.update({ detail: id }, { push: true });
  if (app.upload) {
    const file = app.upload;
    const url = URL.createObjectURL(file);
    const img = h('img', { alt: file.name, src: url, class: 'query-image' });
    const picture = shaped(img);
    img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
    return head(picture, 'the uploaded', file.name, null);
  }
  if (state.object) {
    const object = chosenObjects.get(state.object);
    if (!object) return null;
    const picture = thumbnail(app, object.imageId, object.key, object.box);
    return head(picture, `the ${object.label ?? 'object'} in`, object.key, open(object.imageId));
  }
  if (!state.similar && state.similarCluster) return clusterHead(app, state.similarCluster);
  if (!state.similar) return null;
  const id = state.similar;
  const picture = thumbnail(app, id, id, state.box);
  const element = head(picture, state.box ? 'a region of' : '', '', open(id));
  // The thumbnail shows at once; the name comes with the image's record.
  app.client
    .get('/v1/datasets/{dataset}/images/{id}', { params: { ...app.dataset(), id } })
    .then((image) => {
      picture.querySelector('img')?.setAttribute('alt', image.key);
      element.querySelector('.key')?.replaceWith(name(image.key));
    })
    .catch(() => undefined);
  return element;
}

/** The cluster's tile (its central images, size and labels) heads the images found similar to it. */
function clusterHead(app: App, ref: VisualClusterRef): HTMLElement {
  const caption = h(
    'figcaption',
    {},
    h('strong', {}, 'Query: '),
    'visual cluster ',
    h('span', { class: 'cluster-name' }, `${ref.id} · level ${ref.level}`),
    ' ',
    h('button', { type: 'button', class: 'link', onclick: () => openCluster(app, ref) }, 'show its images'),
  );
  const element = h('figure', { class: 'query-head cluster-head', 'data-cluster': ref.id }, caption);
  visualClusterOf(app, ref)
    .then((cluster) => {
      if (!cluster) return;
      element.prepend(clusterTile(app, cluster, { actions: false }));
      caption.querySelector('.cluster-name')?.replaceChildren(visualClusterTitle(cluster));
    })
    .catch(() => undefined);
  return element;
}

function head(picture: HTMLElement, what: string, key: string, open: (() => void) | null): HTMLElement {
  return h(
    'figure',
    { class: 'query-head' },
    picture,
    h(
      'figcaption',
      {},
      h('strong', {}, 'Query: '),
      what ? `${what} ` : '',
      open
        ? h('button', { type: 'button', class: 'link', onclick: open, title: 'Open its detail' }, name(key))
        : name(key),
    ),
  );
}

function name(key: string): HTMLElement {
  return h('span', { class: 'key', title: key }, middleEllipsis(key, NAME_CHARS));
}

/** The image's thumbnail with the query region drawn on it (coordinates 0..1 of the image). */
function thumbnail(app: App, id: string, alt: string, box: Box | null): HTMLElement {
  const img = app.images.fill(h('img', { alt, class: 'query-image' }), app.thumbnailUrl(id));
  const picture = shaped(img);
  if (box) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 1 1');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.classList.add('boxes');
    const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    rect.classList.add('drawn');
    rect.setAttribute('vector-effect', 'non-scaling-stroke');
    for (const [attribute, value] of Object.entries(box)) rect.setAttribute(attribute, String(value));
    svg.append(rect);
    picture.append(svg);
  }
  return picture;
}

/** A frame of the picture's own shape, so that a region drawn over it lands where it was drawn. */
function shaped(img: HTMLImageElement): HTMLElement {
  const frame = h('div', { class: 'query-frame' }, img);
  img.addEventListener('load', () => {
    frame.style.aspectRatio = `${img.naturalWidth} / ${img.naturalHeight}`;
  });
  return frame;
}
