import type { App } from '../context.ts';
import { h } from '../dom.ts';
import type { VisualClusterRef } from '../state.ts';
import type { VisualCluster } from '../types.ts';
import { plural } from '../words/counts.ts';
import { labelShareWords, levelWords, visualClusterName } from '../words/visual-clusters.ts';

/** Thumbnails a tile shows: the most central members (the API sends them nearest the centroid first). */
const SHOWN = 6;

/**
 * A visual cluster as a tile: its most central thumbnails, what it shows (its dominant labels with their shares)
 * and its size; with `actions`, the buttons that open its members and find images similar to it.
 */
export function clusterTile(app: App, cluster: VisualCluster, options: { actions: boolean }): HTMLElement {
  const name = visualClusterName(cluster);
  const ref = { level: cluster.level, id: cluster.id };
  const thumbs = cluster.preview.slice(0, SHOWN).map((member) =>
    h(
      'button',
      {
        type: 'button',
        class: 'thumb',
        'aria-label': `Open ${member.key}`,
        title: member.key,
        onclick: () => app.update({ detail: member.id }, { push: true }),
      },
      app.images.fill(h('img', { alt: member.key, width: 96, height: 96 }), member.thumbnailUrl),
    ),
  );
  return h(
    'article',
    {
      class: 'vcluster',
      'data-cluster': cluster.id,
      'data-level': cluster.level,
      'data-size': cluster.size,
      'aria-label': `${name}, ${plural(cluster.size, 'image')}`,
    },
    h('div', { class: 'vcluster-thumbs' }, ...thumbs),
    h(
      'div',
      { class: 'vcluster-meta' },
      h(
        'h3',
        { title: `cluster ${cluster.id} at ${levelWords(cluster.level)}` },
        name,
        ' ',
        h('span', { class: 'vcluster-size' }, plural(cluster.size, 'image')),
      ),
      labelList(cluster),
      options.actions ? actions(app, ref, cluster.size) : null,
    ),
  );
}

/** The dominant labels, each with its count, share and a bar of that share. */
function labelList(cluster: VisualCluster): HTMLElement {
  if (!cluster.labels)
    return h('p', { class: 'hint' }, 'The run that made this cluster did not keep its labels.');
  return h(
    'ul',
    { class: 'vcluster-labels', 'aria-label': `Labels: ${labelShareWords(cluster.labels)}` },
    ...cluster.labels.map((entry) => {
      const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
      bar.style.width = `${(entry.share * 100).toFixed(1)}%`;
      return h(
        'li',
        { 'data-label': entry.label ?? '', 'data-count': entry.count },
        h('span', { class: entry.label === null ? 'name unlabelled' : 'name' }, entry.label ?? 'unlabelled'),
        h('span', { class: 'share' }, `${entry.count} · ${Math.round(entry.share * 100)}%`),
        bar,
      );
    }),
  );
}

function actions(app: App, ref: VisualClusterRef, size: number): HTMLElement {
  return h(
    'div',
    { class: 'vcluster-actions' },
    h(
      'button',
      { type: 'button', class: 'open-cluster primary', onclick: () => openCluster(app, ref) },
      `Show ${size === 1 ? 'its image' : `its ${size} images`}`,
    ),
    h(
      'button',
      { type: 'button', class: 'similar-cluster', onclick: () => findSimilarToCluster(app, ref) },
      'Find similar',
    ),
  );
}

/** The members in the grid: the listing filtered by the cluster alone, so it lists exactly its images. */
export function openCluster(app: App, ref: VisualClusterRef): void {
  app.upload = null;
  app.update(
    {
      view: 'browse',
      visualCluster: ref,
      similarCluster: null,
      similar: null,
      box: null,
      object: null,
      q: '',
      issues: [],
      label: null,
      tags: [],
      uniquenessMin: 0,
      detail: null,
    },
    { push: true },
  );
}

/** Images similar to the cluster (its centroid), headed by its tile. */
export function findSimilarToCluster(app: App, ref: VisualClusterRef): void {
  app.upload = null;
  app.update(
    {
      view: 'browse',
      similarCluster: ref,
      visualCluster: null,
      similar: null,
      box: null,
      object: null,
      q: '',
      detail: null,
    },
    { push: true },
  );
}
