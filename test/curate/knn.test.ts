import { describe, expect, it } from 'vitest';
import { syntheticSet } from '../../bench/curate/synthetic.ts';
import {
  buildKnnGraph,
  inMemorySource,
  type KnnGraph,
  measureRecall,
  refineGraph,
  type VectorSource,
} from '../../shared/curate/knn/index.ts';
import { isVisibleError } from '../../shared/errors/index.ts';

/** The reference: every pair in plain JavaScript. */
function bruteForce(
  vectors: Float32Array,
  dimension: number,
  k: number,
): { ids: number[][]; sims: number[][] } {
  const n = vectors.length / dimension;
  const ids: number[][] = [];
  const sims: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let d = 0; d < dimension; d++) s += vectors[i * dimension + d] * vectors[j * dimension + d];
      row.push([j, s]);
    }
    row.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    ids.push(row.slice(0, k).map((r) => r[0]));
    sims.push(row.slice(0, k).map((r) => r[1]));
  }
  return { ids, sims };
}

function rowOf(graph: KnnGraph, i: number): number[] {
  return Array.from(graph.neighbors.subarray(i * graph.k, (i + 1) * graph.k));
}

describe('kNN graph', () => {
  it('exact path returns the true k nearest other vectors, most similar first, self removed', async () => {
    const set = syntheticSet({ n: 400, dimension: 64, clusters: 5, duplicateFraction: 0, seed: 3 });
    const { graph, method } = await buildKnnGraph(inMemorySource(set.vectors, 64), { k: 7 });
    const truth = bruteForce(set.vectors, 64, 7);
    expect(method).toBe('exact');
    for (let i = 0; i < 400; i++) {
      expect(rowOf(graph, i)).toEqual(truth.ids[i]);
      for (let c = 0; c < 7; c++) expect(graph.similarities[i * 7 + c]).toBeCloseTo(truth.sims[i][c], 5);
    }
  });

  it('approximate path (forced) reaches recall@10 >= 0.95 and its similarities are exact cosines', async () => {
    const set = syntheticSet({ n: 3000, dimension: 128, clusters: 12, seed: 5 });
    const source = inMemorySource(set.vectors, 128);
    const { graph, method } = await buildKnnGraph(source, { k: 10, method: 'approximate' });
    expect(method).toBe('approximate');
    const report = measureRecall(graph, { count: 3000, dimension: 128, data: set.vectors }, 300);
    expect(report.recall).toBeGreaterThanOrEqual(0.95);
    const i = 17;
    const j = graph.neighbors[i * 10];
    let s = 0;
    for (let d = 0; d < 128; d++) s += set.vectors[i * 128 + d] * set.vectors[j * 128 + d];
    expect(graph.similarities[i * 10]).toBeCloseTo(s, 6);
  });

  it('neighbours-of-neighbours refinement repairs a damaged graph and leaves an exact one alone', async () => {
    const set = syntheticSet({ n: 800, dimension: 32, clusters: 4, seed: 13 });
    const matrix = { count: 800, dimension: 32, data: set.vectors };
    const { graph } = await buildKnnGraph(inMemorySource(set.vectors, 32), { k: 10 });
    const exact = { ...graph, neighbors: graph.neighbors.slice(), similarities: graph.similarities.slice() };
    expect(await refineGraph(exact, matrix)).toBe(0);
    expect(exact.neighbors).toEqual(graph.neighbors);
    // Knock out the 3 best neighbours of every row (padding), as a poor approximate search would miss them.
    const damaged = {
      ...graph,
      neighbors: graph.neighbors.slice(),
      similarities: graph.similarities.slice(),
    };
    for (let i = 0; i < 800; i++) {
      damaged.neighbors.copyWithin(i * 10, i * 10 + 3, i * 10 + 10);
      damaged.similarities.copyWithin(i * 10, i * 10 + 3, i * 10 + 10);
      damaged.neighbors.fill(-1, i * 10 + 7, i * 10 + 10);
      damaged.similarities.fill(Number.NEGATIVE_INFINITY, i * 10 + 7, i * 10 + 10);
    }
    const before = measureRecall(damaged, matrix, 300).recall;
    await refineGraph(damaged, matrix);
    const after = measureRecall(damaged, matrix, 300).recall;
    expect(before).toBeLessThan(0.75);
    expect(after).toBeGreaterThan(0.95);
  });

  it('chooses exact below the cut-off and approximate above it', async () => {
    const set = syntheticSet({ n: 600, dimension: 32, clusters: 4, seed: 2 });
    const source = inMemorySource(set.vectors, 32);
    expect((await buildKnnGraph(source, { exactMaxRows: 600 })).method).toBe('exact');
    expect((await buildKnnGraph(source, { exactMaxRows: 599 })).method).toBe('approximate');
  });

  it('measured recall falls when the graph is wrong', async () => {
    const set = syntheticSet({ n: 500, dimension: 32, clusters: 4, seed: 9 });
    const matrix = { count: 500, dimension: 32, data: set.vectors };
    const { graph } = await buildKnnGraph(inMemorySource(set.vectors, 32), { k: 10 });
    expect(measureRecall(graph, matrix, 200).recall).toBe(1);
    // Replace the better half of every row with far-away rows.
    const broken = { ...graph, neighbors: graph.neighbors.slice() };
    for (let i = 0; i < 500; i++) {
      for (let c = 0; c < 5; c++) broken.neighbors[i * 10 + c] = (i + 250 + c) % 500;
    }
    const recall = measureRecall(broken, matrix, 200).recall;
    expect(recall).toBeLessThan(0.6);
    expect(recall).toBeGreaterThan(0.4);
  });

  it('streams a source batch by batch and gives the same graph as the in-memory one', async () => {
    const set = syntheticSet({ n: 300, dimension: 16, clusters: 3, seed: 4 });
    const streamed: VectorSource = {
      count: 300,
      dimension: 16,
      async *batches() {
        for (let offset = 0; offset < 300; offset += 64) {
          yield { offset, vectors: set.vectors.slice(offset * 16, Math.min(300, offset + 64) * 16) };
        }
      },
    };
    const a = await buildKnnGraph(streamed, { k: 5 });
    const b = await buildKnnGraph(inMemorySource(set.vectors, 16), { k: 5 });
    expect(a.graph.neighbors).toEqual(b.graph.neighbors);
  });

  it('pads rows with -1 when there are fewer than k other vectors, and keeps identical vectors apart from self', async () => {
    const v = new Float32Array([1, 0, 1, 0, 0, 1]);
    const { graph } = await buildKnnGraph(inMemorySource(v, 2), { k: 4 });
    expect(rowOf(graph, 0)).toEqual([1, 2, -1, -1]);
    expect(rowOf(graph, 1)).toEqual([0, 2, -1, -1]);
    expect(graph.similarities[0]).toBeCloseTo(1, 6);
  });

  it('breaks ties among identical vectors by row order (lowest rows first)', async () => {
    // 40 copies of one vector, then 10 others: each copy's 5 neighbours are the 5 lowest other copies.
    const v = new Float32Array(50 * 8);
    for (let i = 0; i < 40; i++) v[i * 8] = 1;
    for (let i = 40; i < 50; i++) v[i * 8 + 1 + (i % 7)] = 1;
    const { graph } = await buildKnnGraph(inMemorySource(v, 8), { k: 5, method: 'exact' });
    expect(rowOf(graph, 0)).toEqual([1, 2, 3, 4, 5]);
    expect(rowOf(graph, 3)).toEqual([0, 1, 2, 4, 5]);
    expect(rowOf(graph, 39)).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses vectors that are not unit length, naming the row', async () => {
    const v = new Float32Array([1, 0, 0.5, 0.5]);
    const error = await buildKnnGraph(inMemorySource(v, 2, { ids: ['a', 'b'] })).catch((e: unknown) => e);
    expect(isVisibleError(error)).toBe(true);
    expect((error as Error).message).toMatch(/Vector b has length 0\.7071/);
  });
});
