import type { App } from '../context.ts';
import { fixed, h, pct } from '../dom.ts';
import type { Box, ImageDetail } from '../types.ts';
import { clusterTitle } from '../words/cluster-title.ts';
import { voteWords } from '../words/vote.ts';
import { findSimilar } from './card.ts';
import { keptWords, matchWords } from './duplicate-words.ts';
import { scoreLines } from './meanings.ts';
import { rememberObject } from './query-head.ts';

let dialog: HTMLDialogElement | null = null;
let shown: string | null = null;

/** Opens (or closes, for null) the detail view: a modal dialog, so Escape closes it and focus stays inside. */
export function openDetail(app: App, id: string | null): void {
  if (id === null) {
    shown = null;
    if (dialog?.open) dialog.close();
    return;
  }
  if (id === shown && dialog?.open) return;
  shown = id;
  if (!dialog) {
    dialog = h('dialog', { class: 'detail', 'aria-labelledby': 'detail-title' });
    dialog.addEventListener('close', () => {
      shown = null;
      if (app.state.detail) app.update({ detail: null });
    });
    document.body.append(dialog);
  }
  const body = dialog;
  body.replaceChildren(h('p', { class: 'loading' }, 'Loading…'), closeButton(body));
  if (!body.open) body.showModal();
  app.client
    .get('/v1/datasets/{dataset}/images/{id}', { params: { ...app.dataset(), id } })
    .then((image) => {
      if (shown !== id) return;
      body.replaceChildren(...detailContent(app, image, body));
      (body.querySelector('.close') as HTMLButtonElement).focus();
    })
    .catch((error: unknown) => {
      body.close();
      app.fail(error);
    });
}

function closeButton(dialog: HTMLDialogElement): HTMLElement {
  return h(
    'button',
    { type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => dialog.close() },
    '×',
  );
}

function detailContent(app: App, image: ImageDetail, dialog: HTMLDialogElement): Node[] {
  const figure = regionPicker(app, image);
  const c = image.curation;
  const scores = scoreLines(image);
  return [
    h('header', { class: 'detail-head' }, h('h2', { id: 'detail-title' }, image.key), closeButton(dialog)),
    h(
      'div',
      { class: 'detail-body' },
      figure.element,
      h(
        'div',
        { class: 'detail-info' },
        h(
          'p',
          { class: 'actions' },
          h(
            'button',
            { type: 'button', class: 'primary', onclick: () => findSimilar(app, image.id) },
            'Find similar images',
          ),
          figure.searchButton,
        ),
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Label'),
          h('dd', {}, image.label ?? 'none'),
          c?.suggestedLabel ? h('dt', {}, 'Suggested label') : null,
          c?.suggestedLabel ? h('dd', {}, c.suggestedLabel) : null,
          image.caption ? h('dt', {}, 'Caption') : null,
          image.caption ? h('dd', {}, image.caption) : null,
          h('dt', {}, 'Tags'),
          h('dd', {}, image.tags.join(', ') || 'none'),
          h('dt', {}, 'Size'),
          h(
            'dd',
            {},
            `${image.width} × ${image.height} ${image.format}, ${Math.round(image.size / 1024)} KiB`,
          ),
          h('dt', {}, 'Issues'),
          h(
            'dd',
            {},
            image.issues.map((issue) => `${issue.type} (${fixed(issue.confidence)})`).join(', ') || 'none',
          ),
        ),
        h(
          'table',
          { class: 'scores' },
          h('caption', {}, 'Scores'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Score'),
              h('th', { scope: 'col' }, 'Value'),
              h('th', { scope: 'col' }, 'Meaning'),
            ),
          ),
          h(
            'tbody',
            {},
            ...scores.map((line) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, line.name),
                h('td', {}, line.value),
                h('td', {}, line.meaning),
              ),
            ),
          ),
        ),
        image.objects.length > 0
          ? h(
              'section',
              {},
              h('h3', {}, 'Objects'),
              h(
                'ul',
                { class: 'objects' },
                ...image.objects.map((object) =>
                  h(
                    'li',
                    {},
                    `${object.label ?? 'object'} `,
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'small',
                        onclick: () => {
                          app.upload = null;
                          rememberObject(object);
                          app.update(
                            {
                              view: 'browse',
                              object: object.id,
                              similar: null,
                              similarCluster: null,
                              box: null,
                              q: '',
                              detail: null,
                            },
                            { push: true },
                          );
                        },
                      },
                      `Find similar to this ${object.label ?? 'object'}`,
                    ),
                  ),
                ),
              ),
            )
          : null,
        image.duplicates ? duplicatesSection(app, image, image.duplicates) : null,
        image.labelEvidence ? evidenceSection(app, image) : null,
        strip(
          app,
          'Nearest neighbours',
          image.neighbours.map((neighbour) => ({
            id: neighbour.id,
            key: neighbour.key,
            note: fixed(neighbour.score),
            current: false,
          })),
        ),
      ),
    ),
  ];
}

/** The duplicate cluster titled by label and keeper; the keeper says why it is kept, each copy how it matches. */
function duplicatesSection(
  app: App,
  image: ImageDetail,
  duplicates: NonNullable<ImageDetail['duplicates']>,
): HTMLElement {
  const keeper = duplicates.members.find((member) => member.representative) ?? duplicates.members[0];
  const self = duplicates.members.find((member) => member.id === image.id);
  const title = clusterTitle({
    labels: duplicates.members.map((member) => member.label),
    keeperKey: keeper.key,
    size: duplicates.members.length,
  });
  const role = !self
    ? null
    : self.representative
      ? `This image is the keeper (${keptWords(self.keptBecause)}).`
      : `This image is a copy of ${keeper.key}, the keeper (${keptWords(keeper.keptBecause)}); it matches: ${matchWords(self.duplicateMatch, self.exactDuplicate)}.`;
  const section = strip(
    app,
    `Duplicates: ${title}`,
    duplicates.members.map((member) => ({
      id: member.id,
      key: member.key,
      // Short notes under 72 px thumbnails; the sentence above says how each matches and why one is kept.
      note: member.representative
        ? 'keeper'
        : `${member.exactDuplicate ? 'exact' : 'near'} ${fixed(member.duplicateScore)}`,
      current: member.id === image.id,
    })),
  );
  section.classList.add('duplicates');
  if (role) section.querySelector('h3')?.after(h('p', { class: 'why' }, role));
  return section;
}

/** Who voted on the label (thumbnails with their labels), the neighbourhood's shares, and the distances. */
function evidenceSection(app: App, image: ImageDetail): HTMLElement | null {
  const evidence = image.labelEvidence;
  if (!evidence) return null;
  const shares = evidence.neighbourhood.map((s) => `${s.label} ${pct(s.share)}`).join(' · ');
  const lines: string[] = [];
  if (evidence.neighbourhood.length > 0) lines.push(`Neighbourhood labels: ${shares}.`);
  if (evidence.classOutlier) {
    const o = evidence.classOutlier;
    lines.push(
      `Distance to its class: ${fixed(o.distance, 3)} (class median ${fixed(o.classMedian, 3)}, Q3 ${fixed(o.classQ3, 3)}).`,
    );
  }
  if (evidence.datasetOutlier) {
    const o = evidence.datasetOutlier;
    lines.push(
      `Mean distance to its neighbours: ${fixed(o.distance, 3)} (dataset median ${fixed(o.datasetMedian, 3)}, Q3 ${fixed(o.datasetQ3, 3)}).`,
    );
  }
  const vote = voteWords(
    evidence.voters.map((voter) => voter.label),
    image.label,
    image.curation?.suggestedLabel ?? null,
  );
  return h(
    'section',
    { class: 'evidence', 'aria-label': 'Why it is flagged' },
    h('h3', {}, 'Why: the labelled neighbours that voted'),
    vote ? h('p', { class: 'vote' }, vote) : null,
    ...lines.map((line) => h('p', { class: 'why' }, line)),
    strip(
      app,
      'Voters (label · cosine)',
      evidence.voters.map((voter) => ({
        id: voter.id,
        key: voter.key ?? voter.id,
        note: `${voter.label} · ${fixed(voter.similarity)}`,
        current: false,
      })),
    ),
  );
}

function strip(
  app: App,
  title: string,
  items: { id: string; key: string; note: string; current: boolean }[],
): HTMLElement {
  return h(
    'section',
    { class: 'strip-section' },
    h('h3', {}, title),
    h(
      'ul',
      { class: 'strip' },
      ...items.map((item) =>
        h(
          'li',
          { class: item.current ? 'current' : '' },
          h(
            'button',
            {
              type: 'button',
              class: 'thumb',
              'aria-label': `Open ${item.key} (${item.note})`,
              disabled: item.current,
              onclick: () => app.update({ detail: item.id }, { push: true }),
            },
            app.images.fill(h('img', { alt: item.key, width: 72, height: 72 }), app.thumbnailUrl(item.id)),
          ),
          h('span', { class: 'note' }, item.note),
        ),
      ),
    ),
  );
}

/**
 * The image with its object boxes drawn, and a box the user drags over it (pointer) for a crop search. The box
 * is kept in coordinates normalised to the displayed image, as the API expects.
 */
function regionPicker(
  app: App,
  image: ImageDetail,
): { element: HTMLElement; searchButton: HTMLButtonElement } {
  const img = h('img', { alt: image.key, draggable: 'false', class: 'original' });
  app.images
    .url(image.originalUrl)
    .catch(() => app.images.url(image.thumbnailUrl))
    .then(
      (src) => {
        img.src = src;
      },
      () => img.classList.add('broken'),
    );
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 1 1');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.classList.add('boxes');
  for (const object of image.objects) svg.append(rect(object.box, 'object', object.label ?? 'object'));
  const drawn = rect({ x: 0, y: 0, width: 0, height: 0 }, 'drawn', 'search region');
  drawn.style.display = 'none';
  svg.append(drawn);

  let box: Box | null = null;
  const searchButton = h(
    'button',
    {
      type: 'button',
      id: 'search-region',
      disabled: true,
      onclick: () => box && findSimilar(app, image.id, box),
    },
    'Find similar to the drawn region',
  );
  const frame = h(
    'div',
    {
      class: 'frame',
      title: 'Drag to draw a region',
    },
    img,
    svg,
  );
  // Through the CSSOM: the page's policy has no need for inline style attributes.
  frame.style.aspectRatio = `${image.width} / ${image.height}`;
  let start: { x: number; y: number } | null = null;
  const at = (event: PointerEvent) => {
    const bounds = frame.getBoundingClientRect();
    return {
      x: Math.min(1, Math.max(0, (event.clientX - bounds.left) / bounds.width)),
      y: Math.min(1, Math.max(0, (event.clientY - bounds.top) / bounds.height)),
    };
  };
  frame.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    frame.setPointerCapture(event.pointerId);
    start = at(event);
  });
  frame.addEventListener('pointermove', (event) => {
    if (!start) return;
    const end = at(event);
    box = {
      x: Math.min(start.x, end.x),
      y: Math.min(start.y, end.y),
      width: Math.abs(end.x - start.x),
      height: Math.abs(end.y - start.y),
    };
    place(drawn, box);
    drawn.style.display = '';
  });
  frame.addEventListener('pointerup', () => {
    start = null;
    const usable = box !== null && box.width > 0.02 && box.height > 0.02;
    searchButton.disabled = !usable;
    if (usable) searchButton.focus();
  });
  const figure = h(
    'figure',
    { class: 'picker' },
    frame,
    h('figcaption', {}, 'Object boxes in blue. Drag over the image to draw a region, then search with it.'),
  );
  return { element: figure, searchButton };
}

function rect(box: Box, kind: string, title: string): SVGRectElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  element.classList.add(kind);
  element.setAttribute('vector-effect', 'non-scaling-stroke');
  const label = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  label.textContent = title;
  element.append(label);
  place(element, box);
  return element;
}

function place(element: SVGRectElement, box: Box): void {
  element.setAttribute('x', String(box.x));
  element.setAttribute('y', String(box.y));
  element.setAttribute('width', String(box.width));
  element.setAttribute('height', String(box.height));
}
