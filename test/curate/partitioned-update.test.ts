import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticSet } from '../../bench/curate/synthetic.ts';
import { nightlyChange } from '../../bench/partitioned/change.ts';
import { inMemorySource, type KnnGraph } from '../../shared/curate/knn/index.ts';
import {
  buildPartitioned,
  loadPlan,
  readGraph,
  updatePartitioned,
} from '../../shared/curate/partitioned/index.ts';

const dirs: string[] = [];
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-partitioned-update-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const D = 32;
const K = 10;
const BUILD = { partitionRows: 200, probes: 3, workers: 2, k: K };

/** Rows 0..n-1 built, plus a pool of rows from the same distribution for the night's additions. */
async function built(n: number, extra: number, seed: number) {
  const set = syntheticSet({ n: n + extra, dimension: D, seed });
  const stored = set.vectors.slice(0, n * D);
  const pool = set.vectors.slice(n * D);
  const dir = await scratch();
  await buildPartitioned(inMemorySource(stored, D, { batchSize: 700 }), dir, BUILD);
  return { dir, stored, pool };
}

describe('partitioned kNN graph: nightly update', () => {
  it('equals a fresh build with the same plan, leaves no deleted row listed, finds planted copies', async () => {
    const n = 3000;
    const { dir, stored, pool } = await built(n, 200, 21);
    const change = nightlyChange((row) => stored.subarray(row * D, (row + 1) * D), n, pool, D, {
      added: 90,
      changed: 20,
      deleted: 15,
    });
    const { plan } = await loadPlan(dir);
    const result = await updatePartitioned(dir, change, { workers: 2 });
    expect(result.action).toBe('updated');
    if (result.action !== 'updated') return;
    expect([result.added, result.changed, result.deleted]).toEqual([90, 20, 15]);

    // The rows after the change, in row order, and the same plan: what the update must equal.
    const total = n + 90;
    const vectors = new Float32Array(total * D);
    vectors.set(stored);
    change.rows.forEach((row, i) => {
      vectors.set(change.vectors.subarray(i * D, (i + 1) * D), row * D);
    });
    const deleted = new Set(change.deleted);
    const live = Int32Array.from({ length: total }, (_, i) => i).filter((row) => !deleted.has(row));
    const compact = new Float32Array(live.length * D);
    live.forEach((row, i) => {
      compact.set(vectors.subarray(row * D, (row + 1) * D), i * D);
    });
    const freshDir = await scratch();
    await buildPartitioned(inMemorySource(compact, D, { batchSize: 500 }), freshDir, { ...BUILD, plan });
    const fresh = await readGraph(freshDir, live.length, K);
    const updated = await readGraph(dir, total, K, deleted);

    let differing = 0;
    live.forEach((row, i) => {
      const want = Array.from(fresh.neighbors.subarray(i * K, (i + 1) * K), (j) => (j < 0 ? -1 : live[j]));
      const got = Array.from(updated.neighbors.subarray(row * K, (row + 1) * K));
      if (want.join() !== got.join()) differing++;
    });
    expect(differing).toBe(0);
    expect(listed(updated, deleted)).toBe(0);
    const found = change.planted.filter(({ copy, of }) => neighbours(updated, copy).includes(of));
    expect(found.length).toBe(change.planted.length);
    // Only partitions that search a changed one were read; a night this size touches most of them here.
    expect(result.partitions).toBeGreaterThan(0);
  }, 180_000);

  it('rebuilds instead when too much changed, a partition outgrew the plan, or new rows lie off-centroid', async () => {
    const n = 2000;
    const { dir, stored, pool } = await built(n, 800, 23);
    const view = (row: number) => stored.subarray(row * D, (row + 1) * D);
    const many = nightlyChange(view, n, pool, D, { added: 700, changed: 0, deleted: 0 });
    const tooMany = await updatePartitioned(dir, many, { workers: 1 });
    expect(tooMany.action).toBe('rebuild');
    if (tooMany.action === 'rebuild') expect(tooMany.reason).toMatch(/rows changed since the plan/);

    // Far from every centroid: random directions, not the data's clusters.
    const off = nightlyChange(view, n, randomUnit(50, D, 5), D, {
      added: 50,
      changed: 0,
      deleted: 0,
      plantedShare: 0.0001,
    });
    const far = await updatePartitioned(dir, off, { workers: 1 });
    expect(far.action).toBe('rebuild');
    if (far.action === 'rebuild') expect(far.reason).toMatch(/as far from their centroids/);

    // Many near copies of one row pile into its partition.
    const pile = nightlyChange(view, n, pool, D, { added: 2500, changed: 0, deleted: 0, plantedShare: 1 });
    const one = pile.vectors.slice(0, D);
    for (let i = 0; i < 2500; i++) pile.vectors.set(one, i * D);
    // (The other rules are set aside: a copy of one row may lie far from its centroid too.)
    const drift = { maxChangedShare: 1, maxDistanceGrowth: 100 };
    const grown = await updatePartitioned(dir, pile, { workers: 1, drift });
    expect(grown.action).toBe('rebuild');
    if (grown.action === 'rebuild') expect(grown.reason).toMatch(/largest partition grew/);

    // Nothing was written: the stored graph is still the build's.
    const graph = await readGraph(dir, n, K);
    expect(graph.n).toBe(n);
  }, 180_000);
});

function neighbours(graph: KnnGraph, row: number): number[] {
  return Array.from(graph.neighbors.subarray(row * graph.k, (row + 1) * graph.k));
}

function listed(graph: KnnGraph, rows: ReadonlySet<number>): number {
  let count = 0;
  for (const j of graph.neighbors) if (rows.has(j)) count++;
  return count;
}

function randomUnit(count: number, dimension: number, seed: number): Float32Array {
  const set = syntheticSet({ n: count, dimension, seed, clusters: count });
  return set.vectors;
}
