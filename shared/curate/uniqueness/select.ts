import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { type KnnGraph, parseOptions } from '../knn/index.ts';
import { uniqueness as uniquenessOf } from './score.ts';

export const selectTargetSchema = z.union([
  z.object({ count: z.number().int().min(0) }),
  z.object({ fraction: z.number().min(0).max(1) }),
  /** Cosine distance (1 - cosine) that selected images keep from each other: the slider. */
  z.object({ minDistance: z.number().min(0).max(2) }),
]);
export type SelectTarget = z.infer<typeof selectTargetSchema>;

export interface SelectOptions {
  target: SelectTarget;
  /** Per-row uniqueness; computed from the graph when absent. More unique rows are chosen first. */
  uniqueness?: Float32Array;
  /** Cluster id per row (-1 for none): the selection holds at least one row of every cluster. */
  groups?: Int32Array;
  /** Rows never to select, e.g. the duplicates to drop (`DuplicateResult.drop`). */
  exclude?: Uint8Array;
}

export interface Selection {
  /** Selected rows, ascending. */
  rows: Int32Array;
  /** Cosine distance the selection keeps between graph neighbours (before an exact count was trimmed). */
  minDistance: number;
  /** One row per group was forced in; when there are more groups than the count asked for, all stay. */
  coverRows: number;
  /** Groups with no selectable row (every member excluded). */
  uncoveredGroups: number;
}

/**
 * A compact, diverse subset (a keep-set): rows are taken most-unique first, and a row is skipped when a row
 * already taken is among its graph neighbours within `minDistance`. One row of every group is always taken.
 * A count or fraction is met by searching the distance (the graph's similarities are the only cut-offs that
 * matter), then trimming the least unique or adding the next most unique rows. Deterministic: ties by row order.
 */
export function selectUniques(graph: KnnGraph, options: SelectOptions): Selection {
  const target = parseOptions(selectTargetSchema, options.target, 'select-uniques target');
  const n = graph.n;
  for (const [name, array] of [
    ['uniqueness', options.uniqueness],
    ['groups', options.groups],
    ['exclude', options.exclude],
  ] as const) {
    if (array && array.length !== n) {
      throw new VisibleError(
        `select-uniques got ${array.length} ${name} values for ${n} images.`,
        'invalid_input',
      );
    }
  }
  const scores = options.uniqueness ?? uniquenessOf(graph);
  const order = Int32Array.from({ length: n }, (_, i) => i)
    .filter((i) => !options.exclude?.[i])
    .sort((a, b) => scores[b] - scores[a] || a - b);
  const { cover, uncoveredGroups } = coverRows(order, options.groups);
  const run = (cutoff: number) => thin(graph, order, cover, cutoff);

  if ('minDistance' in target) {
    const kept = run(1 - target.minDistance);
    return result(kept, target.minDistance, cover.size, uncoveredGroups);
  }
  const wanted = 'count' in target ? target.count : Math.round(target.fraction * n);
  const goal = Math.min(order.length, Math.max(wanted, cover.size));
  const cutoffs = distinctSimilarities(graph);
  // More rows survive as the cut-off rises: find the lowest cut-off that keeps at least `goal`.
  let lo = 0;
  let hi = cutoffs.length - 1;
  let best = run(cutoffs[hi]);
  let bestCutoff = cutoffs[hi];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const kept = run(cutoffs[mid]);
    if (kept.length >= goal) {
      hi = mid;
      best = kept;
      bestCutoff = cutoffs[mid];
    } else lo = mid + 1;
  }
  return result(meetGoal(best, order, cover, goal), 1 - bestCutoff, cover.size, uncoveredGroups);
}

/** The most unique selectable row of every group. */
function coverRows(order: Int32Array, groups?: Int32Array): { cover: Set<number>; uncoveredGroups: number } {
  const cover = new Set<number>();
  if (!groups) return { cover, uncoveredGroups: 0 };
  const seen = new Set<number>();
  for (const row of order) {
    const g = groups[row];
    if (g >= 0 && !seen.has(g)) {
      seen.add(g);
      cover.add(row);
    }
  }
  const all = new Set<number>();
  for (const g of groups) if (g >= 0) all.add(g);
  return { cover, uncoveredGroups: all.size - seen.size };
}

/** Keep-set at one cut-off, in the order rows were taken (cover rows first). */
function thin(graph: KnnGraph, order: Int32Array, cover: Set<number>, cutoff: number): number[] {
  const { k, neighbors, similarities } = graph;
  const taken = new Uint8Array(graph.n);
  const blocked = new Uint8Array(graph.n);
  const kept: number[] = [];
  const take = (row: number) => {
    taken[row] = 1;
    kept.push(row);
    for (let c = 0; c < k; c++) {
      const j = neighbors[row * k + c];
      if (j < 0 || similarities[row * k + c] < cutoff) break;
      blocked[j] = 1;
    }
  };
  for (const row of cover) take(row);
  for (const row of order) {
    if (taken[row] || blocked[row]) continue;
    let near = false;
    for (let c = 0; c < k && !near; c++) {
      const j = neighbors[row * k + c];
      if (j < 0 || similarities[row * k + c] < cutoff) break;
      near = taken[j] === 1;
    }
    if (!near) take(row);
  }
  return kept;
}

/** Trims the last-taken (least unique) rows, or adds the most unique rows left out, to reach `goal`. */
function meetGoal(kept: number[], order: Int32Array, cover: Set<number>, goal: number): number[] {
  if (kept.length >= goal) return kept.slice(0, Math.max(goal, cover.size));
  const chosen = new Set(kept);
  const out = kept.slice();
  for (const row of order) {
    if (out.length >= goal) break;
    if (!chosen.has(row)) out.push(row);
  }
  return out;
}

/** Every similarity in the graph, ascending, plus one cut-off above them all (nothing blocks). */
function distinctSimilarities(graph: KnnGraph): Float64Array {
  const values = new Float64Array(graph.similarities.length + 1);
  let m = 0;
  for (const s of graph.similarities) if (Number.isFinite(s)) values[m++] = s;
  values[m++] = Number.POSITIVE_INFINITY;
  const sorted = values.subarray(0, m).sort();
  let u = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i];
  return sorted.slice(0, u);
}

function result(kept: number[], minDistance: number, coverRows: number, uncoveredGroups: number): Selection {
  return {
    rows: Int32Array.from(kept).sort(),
    minDistance: Math.max(0, minDistance),
    coverRows,
    uncoveredGroups,
  };
}
