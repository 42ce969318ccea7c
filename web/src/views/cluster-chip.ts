import type { App } from '../context.ts';
import { h } from '../dom.ts';
import { visualClusterOf } from '../visual-clusters.ts';
import { visualClusterTitle } from '../words/visual-clusters.ts';

/**
 * The visual cluster filtering the grid, as a chip that names it by what it shows ("cat · level 2 · 12 images",
 * its number on hover) with a button that removes the filter.
 */
export function clusterChip(app: App): HTMLElement | null {
  const ref = app.state.visualCluster;
  if (!ref) return null;
  const name = h('span', { class: 'chip-name' }, `cluster ${ref.id} · level ${ref.level}`);
  const chip = h(
    'p',
    {
      class: 'chip',
      'data-cluster': ref.id,
      'data-level': ref.level,
      title: `visual cluster ${ref.id} at level ${ref.level}`,
    },
    h('span', { class: 'chip-kind' }, 'Visual cluster: '),
    name,
    h(
      'button',
      {
        type: 'button',
        class: 'chip-remove',
        'aria-label': 'Remove the visual cluster filter',
        onclick: () => app.update({ visualCluster: null }, { push: true }),
      },
      '×',
    ),
  );
  visualClusterOf(app, ref)
    .then((cluster) => {
      name.textContent = cluster
        ? visualClusterTitle(cluster)
        : `${name.textContent} (not in the latest run)`;
    })
    .catch(() => undefined);
  return chip;
}
