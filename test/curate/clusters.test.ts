import { describe, expect, it } from 'vitest';
import { syntheticSet } from '../../bench/curate/synthetic.ts';
import {
  buildVisualClusters,
  dominantLabels,
  type VisualClusters,
} from '../../shared/curate/clusters/index.ts';

const DIM = 48;
const set = syntheticSet({ n: 2400, dimension: DIM, clusters: 8, seed: 17, duplicateFraction: 0 });
const matrix = { count: set.n, dimension: DIM, data: set.vectors };

function cos(row: number, centroid: Float32Array): number {
  let s = 0;
  for (let d = 0; d < DIM; d++) s += set.vectors[row * DIM + d] * centroid[d];
  return s;
}

/** Share of rows whose cluster's majority component is their own component. */
function purity(assignment: Int32Array): number {
  const votes = new Map<number, Map<number, number>>();
  assignment.forEach((c, row) => {
    const byComponent = votes.get(c) ?? new Map<number, number>();
    byComponent.set(set.component[row], (byComponent.get(set.component[row]) ?? 0) + 1);
    votes.set(c, byComponent);
  });
  let agree = 0;
  for (const byComponent of votes.values()) agree += Math.max(...byComponent.values());
  return agree / assignment.length;
}

function summary(clusters: VisualClusters) {
  return clusters.levels.map((level) => ({
    assignment: Array.from(level.assignment),
    previews: level.clusters.map((c) => c.preview),
  }));
}

describe('visual clusters', () => {
  it('are the same for the same seed', async () => {
    const a = await buildVisualClusters(matrix, { seed: 4, levels: 3 });
    const b = await buildVisualClusters(matrix, { seed: 4, levels: 3 });
    expect(summary(a)).toEqual(summary(b));
  });

  it('find the components of the data at the coarse level, with full passes or mini-batches', async () => {
    const full = await buildVisualClusters(matrix, { baseClusters: 8, levels: 1 });
    const mini = await buildVisualClusters(matrix, {
      baseClusters: 8,
      levels: 1,
      batchSize: 256,
      iterations: 60,
    });
    // Not 1: with skewed component sizes k-means may rather split the widest component than keep two small apart.
    expect(purity(full.levels[0].assignment)).toBeGreaterThan(0.9);
    expect(purity(mini.levels[0].assignment)).toBeGreaterThan(0.9);
  });

  it('nest from coarse to fine, cover every image at every level and grow in number', async () => {
    const { levels } = await buildVisualClusters(matrix, { levels: 5 });
    expect(levels).toHaveLength(5);
    expect(levels[0].clusters.length).toBe(Math.round(Math.sqrt(2400) / 4));
    for (let l = 0; l < levels.length; l++) {
      const level = levels[l];
      expect(level.clusters.reduce((sum, c) => sum + c.size, 0)).toBe(2400);
      expect(Array.from(level.assignment).every((c) => c >= 0 && c < level.clusters.length)).toBe(true);
      if (l === 0) continue;
      expect(level.clusters.length).toBeGreaterThan(levels[l - 1].clusters.length);
      level.assignment.forEach((c, row) => {
        if (levels[l - 1].assignment[row] !== level.clusters[c].parent)
          throw new Error(`row ${row} left its parent`);
      });
    }
  });

  it('preview the members nearest the centroid, nearest first, larger clusters first', async () => {
    const { levels } = await buildVisualClusters(matrix, { levels: 2, previewSize: 6 });
    for (const level of levels) {
      const sizes = level.clusters.map((c) => c.size);
      expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
      for (const cluster of level.clusters) {
        expect(cluster.preview.length).toBe(Math.min(6, cluster.size));
        const sims = cluster.preview.map((row) => cos(row, cluster.centroid));
        expect([...sims].sort((a, b) => b - a)).toEqual(sims);
        const members = Array.from(level.assignment.keys()).filter(
          (row) => level.assignment[row] === cluster.id,
        );
        const best = Math.max(...members.map((row) => cos(row, cluster.centroid)));
        expect(sims[0]).toBeCloseTo(best, 5);
        expect(cluster.preview.every((row) => level.assignment[row] === cluster.id)).toBe(true);
      }
    }
  });
});

describe('dominant labels of visual clusters', () => {
  it('are the top three per cluster with counts and shares, unlabelled members counted as null', () => {
    const labels = ['cat', 'dog', null, 'cat', null, 'cat', 'bird', 'ant', 'dog', 'bee'];
    const assignment = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const [first, second] = dominantLabels(assignment, labels, 2);
    expect(first).toEqual([
      { label: 'cat', count: 3, share: 0.5 },
      { label: null, count: 2, share: 2 / 6 },
      { label: 'dog', count: 1, share: 1 / 6 },
    ]);
    // Equal counts: labelled before unlabelled, then by name, so the answer does not depend on row order.
    expect(second.map((entry) => entry.label)).toEqual(['ant', 'bee', 'bird']);
  });

  it('come with every cluster the run writes, from the members of that cluster', async () => {
    const clusters = await buildVisualClusters(matrix, { levels: 2 });
    const labels = Array.from(set.component, (c) => (c === 0 ? null : `c${c}`));
    for (const level of clusters.levels) {
      const found = dominantLabels(level.assignment, labels, level.clusters.length);
      level.clusters.forEach((cluster) => {
        const entries = found[cluster.id];
        expect(entries.length).toBeGreaterThan(0);
        expect(entries.reduce((sum, entry) => sum + entry.count, 0)).toBeLessThanOrEqual(cluster.size);
        const counts = entries.map((entry) => entry.count);
        expect([...counts].sort((a, b) => b - a)).toEqual(counts);
      });
    }
  });
});
