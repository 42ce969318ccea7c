import type { ClusterLabel } from '../../store/index.ts';

/**
 * The most common labels of each cluster of a level, most members first (then labelled before unlabelled, then
 * by name, so the answer is stable), with their share of the cluster; an image without a label counts as
 * unlabelled (`label: null`). One pass over the level's assignment.
 */
export function dominantLabels(
  assignment: Int32Array,
  labels: readonly (string | null)[],
  clusters: number,
  top = 3,
): ClusterLabel[][] {
  const counts = Array.from({ length: clusters }, () => new Map<string | null, number>());
  const sizes = new Int32Array(clusters);
  assignment.forEach((cluster, row) => {
    if (cluster < 0) return;
    const label = labels[row] ?? null;
    counts[cluster].set(label, (counts[cluster].get(label) ?? 0) + 1);
    sizes[cluster]++;
  });
  return counts.map((byLabel, cluster) =>
    [...byLabel]
      .sort(([a, m], [b, n]) => n - m || byName(a, b))
      .slice(0, top)
      .map(([label, count]) => ({ label, count, share: count / sizes[cluster] })),
  );
}

function byName(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
