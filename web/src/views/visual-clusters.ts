import { VISUAL_LEVEL_MAX } from '../../../shared/vocabulary/index.ts';
import type { App } from '../context.ts';
import { h } from '../dom.ts';
import type { VisualCluster } from '../types.ts';
import { rememberCluster } from '../visual-clusters.ts';
import { clusterCountWords, levelWords } from '../words/visual-clusters.ts';
import type { Rendered } from './view.ts';
import { clusterTile } from './visual-tile.ts';

const LIMIT = 12;

/**
 * Visual clusters to browse by: a level from coarse to fine, each cluster a tile of its most central images with
 * its size and dominant labels; a tile opens its members or finds images similar to it.
 */
export function renderVisualClusters(app: App): Rendered {
  const level = app.state.level;
  const dataset = app.state.dataset ?? '';
  const list = h('div', { class: 'vclusters', role: 'list', 'aria-label': 'Visual clusters' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'More clusters');
  const heading = h('h2', { id: 'vclusters-title' }, 'Visual clusters');
  const countLine = h('p', { class: 'result-count', 'aria-live': 'polite' });
  let cursor: string | null = null;
  let shown = 0;
  const load = async () => {
    list.setAttribute('aria-busy', 'true');
    const page = await app.client.get('/v1/datasets/{dataset}/clusters', {
      params: app.dataset(),
      query: { kind: 'visual', level, limit: LIMIT, cursor: cursor ?? undefined },
    });
    cursor = page.nextCursor;
    more.hidden = cursor === null;
    // Asked for kind=visual: the items are visual clusters (duplicate ones have members).
    const clusters = page.items.filter((item): item is VisualCluster => !('members' in item));
    for (const cluster of clusters) {
      rememberCluster(dataset, cluster);
      const tile = clusterTile(app, cluster, { actions: true });
      tile.setAttribute('role', 'listitem');
      list.append(tile);
    }
    shown += clusters.length;
    const total = page.total ?? (cursor === null ? shown : null);
    countLine.textContent =
      total === null
        ? `the first ${clusterCountWords(shown, level)}`
        : `${clusterCountWords(total, level)}${shown < total ? ` · ${shown} shown` : ''}`;
    countLine.dataset.total = String(total ?? '');
    heading.dataset.count = String(shown);
    list.removeAttribute('aria-busy');
    if (shown === 0)
      list.replaceChildren(
        h('p', { class: 'empty' }, 'No visual clusters yet: they come with the first curation run.'),
      );
  };
  more.addEventListener('click', () => load().catch((error: unknown) => app.fail(error)));
  const element = h(
    'section',
    { class: 'vclusters-view', 'aria-labelledby': 'vclusters-title' },
    h('div', { class: 'results-head' }, heading, levelPicker(app)),
    h(
      'p',
      { class: 'hint' },
      'Images grouped by how they look, from a few coarse groups to many fine ones. Each tile shows the images ',
      'nearest its centre, its size and its most common labels.',
    ),
    countLine,
    list,
    more,
  );
  return { element, ready: load() };
}

/** Levels 0 (coarse) .. 4 (fine) as radio buttons: the arrow keys move between them. */
function levelPicker(app: App): HTMLElement {
  const options = Array.from({ length: VISUAL_LEVEL_MAX + 1 }, (_, level) => {
    const id = `level-${level}`;
    return h(
      'span',
      { class: 'level-option' },
      h('input', {
        type: 'radio',
        name: 'level',
        id,
        value: level,
        checked: level === app.state.level,
        'aria-label': levelWords(level, VISUAL_LEVEL_MAX),
        onchange: () => app.update({ level }),
      }),
      h('label', { for: id, title: levelWords(level, VISUAL_LEVEL_MAX) }, String(level)),
    );
  });
  return h(
    'fieldset',
    { class: 'level-picker' },
    h('legend', {}, 'Level'),
    h('span', { class: 'level-end' }, 'coarse'),
    ...options,
    h('span', { class: 'level-end' }, 'fine'),
  );
}
