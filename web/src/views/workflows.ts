import type { App } from '../context.ts';
import { h } from '../dom.ts';
import type { LeakReport, SavedView, Snapshot } from '../types.ts';

/** Splits with split leakage, saved views and snapshots: the overview's training-set section. */
export async function workflowSection(app: App): Promise<HTMLElement[]> {
  const params = app.dataset();
  const [leaks, views, snapshots] = await Promise.all([
    // No run yet (a 404) or no splits: the section says so or is left out.
    app.client.get('/v1/datasets/{dataset}/leaks', { params, query: { limit: 8 } }).catch(() => null),
    app.client.get('/v1/datasets/{dataset}/views', { params }).then(
      (answer) => answer.items,
      (): SavedView[] => [],
    ),
    app.client.get('/v1/datasets/{dataset}/snapshots', { params }).then(
      (answer) => answer.items,
      (): Snapshot[] => [],
    ),
  ]);
  const search = (q: string) => () =>
    app.update({ view: 'browse', q, issues: [], label: null }, { push: true });
  return [...splitNodes(leaks, search), ...viewNodes(views, search), ...snapshotNodes(snapshots)];
}

type Search = (q: string) => () => void;

function splitNodes(leaks: LeakReport | null, search: Search): HTMLElement[] {
  if (!leaks) return [];
  const splits = Object.entries(leaks.splits);
  if (splits.length === 0) return [];
  const splitButtons = splits.map(([split, count]) =>
    h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'count', 'data-split': split, onclick: search(`split:${split}`) },
        h('span', { class: 'count-value' }, String(count)),
        h('span', {}, split),
      ),
    ),
  );
  const clusters = leaks.clusters.map((cluster) =>
    h(
      'li',
      { 'data-leak': cluster.cluster },
      h('button', { type: 'button', class: 'small', onclick: search(`cluster:${cluster.cluster}`) }, 'Show'),
      ` keep ${cluster.keep.key} in ${cluster.home}; `,
      cluster.members
        .filter((member) => member.action === 'move')
        .map((member) => `move ${member.key} (${member.split}) to ${member.to} or drop it`)
        .join('; '),
    ),
  );
  return [
    h('h3', {}, 'Splits'),
    h('ul', { class: 'counts', 'aria-label': 'Images per split' }, ...splitButtons),
    h('h3', {}, 'Split leakage'),
    h(
      'p',
      { class: 'leak-summary', 'data-leaks': String(leaks.counts.clusters) },
      leaks.notice ??
        (leaks.counts.clusters === 0
          ? 'No picture is in more than one split.'
          : `${leaks.counts.clusters} pictures are in more than one split (${leaks.counts.pairs} pairs); ` +
            `${leaks.counts.toMove} copies to move or drop so the evaluation splits stay clean.`),
    ),
    clusters.length > 0
      ? h('ul', { class: 'leaks', 'aria-label': 'Leaking clusters' }, ...clusters)
      : h('span'),
  ];
}

function viewNodes(views: SavedView[], search: Search): HTMLElement[] {
  if (views.length === 0) return [];
  return [
    h('h3', {}, 'Saved views'),
    h(
      'ul',
      { class: 'saved-views', 'aria-label': 'Saved views' },
      ...views.map((view) =>
        h(
          'li',
          { 'data-view': view.name },
          h('button', { type: 'button', class: 'small', onclick: search(view.query) }, view.name),
          ` ${view.query}${view.webhook ? ` → ${view.webhook.url}` : ''}`,
        ),
      ),
    ),
  ];
}

function snapshotNodes(snapshots: Snapshot[]): HTMLElement[] {
  return [
    h('h3', {}, 'Snapshots'),
    snapshots.length === 0
      ? h('p', { class: 'empty' }, 'None: `viscura snapshot create <name>` names the current state.')
      : h(
          'ul',
          { class: 'snapshots', 'aria-label': 'Snapshots' },
          ...snapshots.map((s) =>
            h(
              'li',
              { 'data-snapshot': s.name },
              `${s.name} · ${new Date(s.createdAt).toLocaleString()} · ${s.counts.images} images`,
            ),
          ),
        ),
  ];
}
