import { describe, expect, it } from 'vitest';
import { syntheticSet } from '../../bench/curate/synthetic.ts';
import { buildKnnGraph, inMemorySource, type KnnGraph } from '../../shared/curate/knn/index.ts';
import { selectUniques, uniqueness, uniquenessFromSimilarity } from '../../shared/curate/uniqueness/index.ts';

const DIM = 32;

async function graphOf(vectors: Float32Array, k = 10): Promise<KnnGraph> {
  return (await buildKnnGraph(inMemorySource(vectors, DIM), { k })).graph;
}

function cos(v: Float32Array, a: number, b: number): number {
  let s = 0;
  for (let d = 0; d < DIM; d++) s += v[a * DIM + d] * v[b * DIM + d];
  return s;
}

/** Two synthetic sets living in different coordinates, so nothing in one resembles anything in the other. */
function apart(n: number, seed: number, half: 0 | 1): Float32Array {
  const set = syntheticSet({ n, dimension: DIM / 2, clusters: 4, seed });
  const out = new Float32Array(n * DIM);
  for (let i = 0; i < n; i++) {
    out.set(set.vectors.subarray((i * DIM) / 2, ((i + 1) * DIM) / 2), i * DIM + (half * DIM) / 2);
  }
  return out;
}

describe('uniqueness', () => {
  it('is 0 for an exact duplicate, 0.5 at the near-duplicate threshold and near 1 for an isolated image', async () => {
    const v = new Float32Array(4 * DIM);
    v[0] = 1;
    v[DIM] = 1; // row 1 = row 0
    v[2 * DIM + 1] = 1; // row 2 alone on axis 1
    v[3 * DIM + 2] = 1; // row 3 alone on axis 2
    const scores = uniqueness(await graphOf(v, 3));
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBeGreaterThan(0.99);
    expect(uniquenessFromSimilarity(0.96)).toBeCloseTo(0.5, 6);
    expect(uniquenessFromSimilarity(0.92)).toBeCloseTo(0.75, 2);
    const ladder = [1, 0.999, 0.99, 0.96, 0.9, 0.7, 0.2].map((s) => uniquenessFromSimilarity(s));
    expect([...ladder].sort((a, b) => a - b)).toEqual(ladder);
  });

  it('forces 0 for rows known to be exact duplicates by hash', async () => {
    const set = syntheticSet({ n: 50, dimension: DIM, clusters: 2, seed: 1, duplicateFraction: 0 });
    const exact = new Uint8Array(50);
    exact[7] = 1;
    const scores = uniqueness(await graphOf(set.vectors), { exact });
    expect(scores[7]).toBe(0);
    expect(scores[8]).toBeGreaterThan(0);
  });

  it('does not move for an image when unrelated images are added', async () => {
    const first = apart(400, 3, 0);
    const before = uniqueness(await graphOf(first));
    const both = new Float32Array(1000 * DIM);
    both.set(first);
    both.set(apart(600, 8, 1), 400 * DIM);
    const after = uniqueness(await graphOf(both));
    expect(Array.from(after.subarray(0, 400))).toEqual(Array.from(before));
  });
});

describe('select uniques', () => {
  const set = syntheticSet({ n: 1200, dimension: DIM, clusters: 6, seed: 21, duplicateFraction: 0.05 });

  it('returns exactly the count or fraction asked for, deterministically', async () => {
    const graph = await graphOf(set.vectors);
    const byCount = selectUniques(graph, { target: { count: 300 } });
    expect(byCount.rows).toHaveLength(300);
    expect(new Set(byCount.rows).size).toBe(300);
    expect(selectUniques(graph, { target: { count: 300 } }).rows).toEqual(byCount.rows);
    expect(selectUniques(graph, { target: { fraction: 0.1 } }).rows).toHaveLength(120);
  });

  it('keeps the selected images at least the minimum distance apart (the slider)', async () => {
    // With every other image in the graph the guarantee holds for all pairs, not only for graph neighbours.
    const small = syntheticSet({ n: 400, dimension: DIM, clusters: 4, seed: 5 });
    const graph = await graphOf(small.vectors, 399);
    for (const minDistance of [0.05, 0.15]) {
      const { rows } = selectUniques(graph, { target: { minDistance } });
      let closest = 2;
      for (let a = 0; a < rows.length; a++) {
        for (let b = a + 1; b < rows.length; b++)
          closest = Math.min(closest, 1 - cos(small.vectors, rows[a], rows[b]));
      }
      expect(rows.length).toBeGreaterThan(10);
      expect(closest).toBeGreaterThanOrEqual(minDistance - 1e-6);
    }
    const wide = selectUniques(graph, { target: { minDistance: 0.15 } }).rows.length;
    const tight = selectUniques(graph, { target: { minDistance: 0.05 } }).rows.length;
    expect(wide).toBeLessThan(tight);
  });

  it('drops the planted copies first and covers every cluster, even a tiny one', async () => {
    const graph = await graphOf(set.vectors);
    // A group of a single image that is not unique at all: it must still be picked.
    const groups = Int32Array.from(set.component);
    const lonely = set.planted[0].copy;
    groups[lonely] = 99;
    const exclude = new Uint8Array(set.n);
    for (const p of set.planted.slice(1)) exclude[p.copy] = 1;
    const { rows, coverRows } = selectUniques(graph, { target: { count: 20 }, groups, exclude });
    expect(rows).toHaveLength(20);
    expect(coverRows).toBe(7);
    const covered = new Set(Array.from(rows, (r) => groups[r]));
    expect(covered.size).toBe(7);
    expect(Array.from(rows)).toContain(lonely);
    expect(Array.from(rows).some((r) => exclude[r] === 1)).toBe(false);
  });

  it('raises a count below the number of clusters so that every cluster keeps one image', async () => {
    const graph = await graphOf(set.vectors);
    const { rows } = selectUniques(graph, { target: { count: 2 }, groups: Int32Array.from(set.component) });
    expect(new Set(Array.from(rows, (r) => set.component[r])).size).toBe(6);
  });
});
