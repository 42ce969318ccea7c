import type { App } from '../context.ts';
import { fixed, h } from '../dom.ts';
import { middleEllipsis } from '../words/file-name.ts';
import { badgesOf } from './badges.ts';
import type { ResultItem } from './results.ts';

/** Characters of a file name a card shows (a 10rem card at 0.8rem holds about 20): the full name is its title. */
const KEY_CHARS = 20;

/** A grid card: the thumbnail opens the detail view; "Similar" searches with the image. */
export function card(app: App, item: ResultItem, scoreName: string | null): HTMLElement {
  const { image } = item;
  const img = app.images.fill(
    h('img', { alt: image.key, loading: 'lazy', width: 160, height: 160 }),
    image.thumbnailUrl,
  );
  const badges = badgesOf(image.issues, app.state.thresholds).map((badge) =>
    h(
      'span',
      { class: `badge issue-${badge.type}`, 'data-issue': badge.type, title: badge.title },
      badge.text,
    ),
  );
  return h(
    'article',
    { class: 'card', 'data-id': image.id },
    h(
      'button',
      {
        type: 'button',
        class: 'thumb',
        'aria-label': `Open ${image.key}`,
        onclick: () => app.update({ detail: image.id }, { push: true }),
      },
      img,
    ),
    h(
      'div',
      { class: 'card-meta' },
      h('span', { class: 'key', title: image.key }, middleEllipsis(image.key, KEY_CHARS)),
      item.score !== null && scoreName
        ? h(
            'span',
            { class: 'score', 'data-score': fixed(item.score, 4) },
            `${scoreName} ${fixed(item.score)}`,
          )
        : null,
      image.label ? h('span', { class: 'label' }, image.label) : null,
      badges.length > 0 ? h('span', { class: 'badges' }, ...badges) : null,
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          'aria-label': `Find images similar to ${image.key}`,
          onclick: () => findSimilar(app, image.id),
        },
        'Similar',
      ),
    ),
  );
}

export function findSimilar(app: App, imageId: string, box: ResultBox | null = null): void {
  app.upload = null;
  app.update(
    { view: 'browse', similar: imageId, box, object: null, similarCluster: null, q: '', detail: null },
    { push: true },
  );
}

type ResultBox = { x: number; y: number; width: number; height: number };
