import { yieldToEventLoop } from './native.ts';
import { dot } from './source.ts';
import type { KnnGraph, VectorMatrix } from './types.ts';

/**
 * One round of NN-descent's local join (Dong et al. 2011) over an approximate graph, in place: each row looks at
 * its neighbours' neighbours with exact dot products, and every pair tried improves both rows (cosine is
 * symmetric). A neighbour of a neighbour is the likeliest true neighbour an HNSW search missed, so one round
 * lifts recall at ~k^2 dot products per row, far below what a wider HNSW search costs at 1M rows.
 * Returns how many graph entries changed.
 */
export async function refineGraph(graph: KnnGraph, matrix: VectorMatrix): Promise<number> {
  const { n, k, neighbors } = graph;
  // Stamp of the last row that looked at a candidate: a set without clearing one per row.
  const seen = new Int32Array(n).fill(-1);
  const snapshot = new Int32Array(k);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    seen[i] = i;
    for (let c = 0; c < k; c++) {
      const j = neighbors[i * k + c];
      snapshot[c] = j;
      if (j >= 0) seen[j] = i;
    }
    for (let c = 0; c < k; c++) {
      const j = snapshot[c];
      if (j < 0) continue;
      for (let d = 0; d < k; d++) {
        const l = neighbors[j * k + d];
        if (l < 0 || seen[l] === i) continue;
        seen[l] = i;
        const s = dot(matrix, i, l);
        changed += offer(graph, i, l, s) + offer(graph, l, i, s);
      }
    }
    if ((i & 0xffff) === 0xffff) await yieldToEventLoop();
  }
  return changed;
}

/**
 * Gains smaller than this are float rounding (native f32 sums against JavaScript's double sums), not a closer
 * neighbour: ignoring them keeps an exact graph exactly as it is.
 */
const ROUNDING = 1e-6;

/** Puts `j` into row `i` if it beats the row's last entry and is not there yet; 1 when it did. */
function offer(graph: KnnGraph, i: number, j: number, s: number): number {
  const { k, neighbors, similarities } = graph;
  const base = i * k;
  if (!(s > similarities[base + k - 1] + ROUNDING)) return 0;
  for (let c = 0; c < k; c++) if (neighbors[base + c] === j) return 0;
  let r = k - 1;
  while (
    r > 0 &&
    (s > similarities[base + r - 1] || (s === similarities[base + r - 1] && j < neighbors[base + r - 1]))
  ) {
    similarities[base + r] = similarities[base + r - 1];
    neighbors[base + r] = neighbors[base + r - 1];
    r--;
  }
  similarities[base + r] = s;
  neighbors[base + r] = j;
  return 1;
}
