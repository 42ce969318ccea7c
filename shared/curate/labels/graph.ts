import { VisibleError } from '../../errors/index.ts';
import type { KnnGraph } from './types.ts';

/** Checks that the graph, the labels and the requested k agree; returns how many neighbours to read per row. */
export function neighboursToRead(graph: KnnGraph, count: number, k: number): number {
  const { n } = graph;
  if (graph.neighbors.length !== n * graph.k || graph.similarities.length !== n * graph.k) {
    throw new VisibleError(
      `The kNN graph is malformed: expected ${n} x ${graph.k} neighbours.`,
      'invalid_input',
    );
  }
  if (count !== n) {
    throw new VisibleError(
      `Got ${count} labels for a kNN graph of ${n} vectors; they must match one to one.`,
      'invalid_input',
    );
  }
  return Math.min(k, graph.k);
}
