import type { KnnGraph } from '../knn/index.ts';

export interface TypicalityOptions {
  /** Duplicate cluster per row (-1 for none): copies of a picture do not make each other typical. */
  groups?: Int32Array;
}

/** Cosine distance below which two rows count as the same point (keeps densities finite). */
const EPSILON = 1e-3;

/**
 * Typicality in [0, 1]: how central a row is in its neighbourhood, on a fixed scale.
 *   density(i) = 1 / (e + mean over i's graph neighbours j of (1 - cos(i, j)))      (TypiClust's typicality)
 *   r(i)       = density(i) / mean over the same neighbours of density(j)
 *   t(i)       = r^2 / (1 + r^2)
 * t = 0.5 when a row is as dense as its neighbours, above at the centre of a group, below on its fringe
 * (r = 2 gives 0.8, r = 0.5 gives 0.2). Only the row's own neighbourhood enters, so unrelated data never moves
 * it. Members of the row's duplicate cluster are skipped: ten copies of one photo are not a typical photo. A row
 * without neighbours cannot be judged: 0.5.
 */
export function typicality(graph: KnnGraph, options: TypicalityOptions = {}): Float32Array {
  const { n } = graph;
  const density = new Float64Array(n);
  for (let i = 0; i < n; i++) density[i] = densityOf(graph, i, options.groups);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let count = 0;
    forNeighbours(graph, i, options.groups, (j) => {
      sum += density[j];
      count++;
    });
    if (count === 0 || !(density[i] > 0)) {
      out[i] = 0.5;
      continue;
    }
    const r = density[i] / (sum / count);
    out[i] = (r * r) / (1 + r * r);
  }
  return out;
}

function densityOf(graph: KnnGraph, i: number, groups: Int32Array | undefined): number {
  let sum = 0;
  let count = 0;
  forNeighbours(graph, i, groups, (_, similarity) => {
    sum += Math.max(0, 1 - similarity);
    count++;
  });
  return count === 0 ? 0 : 1 / (EPSILON + sum / count);
}

function forNeighbours(
  graph: KnnGraph,
  i: number,
  groups: Int32Array | undefined,
  visit: (j: number, similarity: number) => void,
): void {
  const { k, neighbors, similarities } = graph;
  const group = groups ? groups[i] : -1;
  for (let c = 0; c < k; c++) {
    const j = neighbors[i * k + c];
    if (j < 0) break;
    if (group >= 0 && groups?.[j] === group) continue;
    visit(j, similarities[i * k + c]);
  }
}
