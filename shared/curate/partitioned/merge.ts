import { completeTopK, yieldToEventLoop } from '../knn/index.ts';
import { writeRow } from '../knn/rows.ts';
import { indicesOf, searchRows } from './search.ts';
import type { GraphRowsOf, PartitionRows } from './tables.ts';

export interface PartitionChange {
  partition: number;
  /** Rows added or changed (their new vectors are in the held rows). */
  fresh: ReadonlySet<number>;
  /** Rows deleted or changed: their old vectors are gone, so a list naming one is stale. */
  gone: ReadonlySet<number>;
}

export interface MergedPartition {
  /** Graph rows that differ from the stored ones (new rows included). */
  changed: GraphRowsOf;
  /** Rows searched against everything held (new, changed, or listing a gone row). */
  searched: number;
  /** Rows whose stored list was merged with the fresh rows held. */
  merged: number;
}

/**
 * The partition's graph rows after a change, equal to what a build with the same plan gives: a fresh row, or
 * one whose list names a gone row, is searched against every row held (its searched partitions); any other
 * row's stored best k are merged with the fresh rows held. That merge is exact: its list lost no member, and
 * the best k of (old rows minus gone ones) plus fresh rows are the best k of its list plus the fresh rows.
 */
export async function mergePartition(
  held: PartitionRows,
  stored: GraphRowsOf,
  change: PartitionChange,
  dimension: number,
  k: number,
  threads: number,
): Promise<MergedPartition> {
  const storedAt = new Map<number, number>();
  stored.rows.forEach((row, i) => {
    storedAt.set(row, i);
  });
  const research: number[] = [];
  const merge: number[] = [];
  for (const at of indicesOf(held.partitions, change.partition)) {
    const row = held.rows[at];
    const i = storedAt.get(row);
    if (change.fresh.has(row) || i === undefined || namesGone(stored.neighbors, i, k, change.gone))
      research.push(at);
    else merge.push(at);
  }
  const searched = await searchRows(held, Int32Array.from(research), dimension, k, threads);
  const merged = await mergeFresh(
    held,
    stored,
    storedAt,
    Int32Array.from(merge),
    change,
    dimension,
    k,
    threads,
  );
  const rows = [...searched.rows, ...merged.rows];
  const neighbors = new Int32Array(rows.length * k);
  neighbors.set(searched.neighbors);
  neighbors.set(merged.neighbors, searched.neighbors.length);
  const similarities = new Float32Array(rows.length * k);
  similarities.set(searched.similarities);
  similarities.set(merged.similarities, searched.similarities.length);
  return {
    changed: { partition: change.partition, rows: Int32Array.from(rows), neighbors, similarities },
    searched: research.length,
    merged: merge.length,
  };
}

function namesGone(neighbors: Int32Array, i: number, k: number, gone: ReadonlySet<number>): boolean {
  for (let c = 0; c < k; c++) if (gone.has(neighbors[i * k + c])) return true;
  return false;
}

/** The stored lists of `queries` merged with the fresh rows held; only lists that changed are returned. */
async function mergeFresh(
  held: PartitionRows,
  stored: GraphRowsOf,
  storedAt: Map<number, number>,
  queries: Int32Array,
  change: PartitionChange,
  dimension: number,
  k: number,
  threads: number,
): Promise<GraphRowsOf> {
  const freshAt = held.rows.reduce<number[]>((out, row, at) => {
    if (change.fresh.has(row)) out.push(at);
    return out;
  }, []);
  const empty = { partition: change.partition, rows: new Int32Array(0), neighbors: new Int32Array(0) };
  if (freshAt.length === 0 || queries.length === 0) return { ...empty, similarities: new Float32Array(0) };
  const fresh = new Float32Array(freshAt.length * dimension);
  freshAt.forEach((at, f) => {
    fresh.set(held.vectors.subarray(at * dimension, (at + 1) * dimension), f * dimension);
  });
  const block = new Float32Array(queries.length * dimension);
  queries.forEach((at, q) => {
    block.set(held.vectors.subarray(at * dimension, (at + 1) * dimension), q * dimension);
  });
  const rows: number[] = [];
  const neighbors: number[] = [];
  const similarities: number[] = [];
  const next = new Int32Array(k);
  const nextSims = new Float32Array(k);
  const ids = new Int32Array(k + freshAt.length);
  const sims = new Float32Array(k + freshAt.length);
  // Fresh rows never include the query itself (a fresh query is searched, not merged): k of them suffice.
  completeTopK(fresh, block, dimension, Math.min(freshAt.length, k), threads, (q, found, scores, n) => {
    const row = held.rows[queries[q]];
    const i = storedAt.get(row) as number;
    ids.set(stored.neighbors.subarray(i * k, (i + 1) * k));
    sims.set(stored.similarities.subarray(i * k, (i + 1) * k));
    for (let c = 0; c < n; c++) {
      ids[k + c] = held.rows[freshAt[found[c]]];
      sims[k + c] = scores[c];
    }
    writeRow(next, nextSims, 0, k, row, ids, sims, k + n);
    if (!sameRow(next, stored.neighbors, i * k, k)) {
      rows.push(row);
      for (let c = 0; c < k; c++) {
        neighbors.push(next[c]);
        similarities.push(nextSims[c]);
      }
    }
  });
  await yieldToEventLoop();
  return {
    partition: change.partition,
    rows: Int32Array.from(rows),
    neighbors: Int32Array.from(neighbors),
    similarities: Float32Array.from(similarities),
  };
}

function sameRow(next: Int32Array, stored: Int32Array, base: number, k: number): boolean {
  for (let c = 0; c < k; c++) if (next[c] !== stored[base + c]) return false;
  return true;
}
