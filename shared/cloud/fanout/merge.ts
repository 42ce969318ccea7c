import type { KnnGraph } from '../../curate/knn/index.ts';
import { VisibleError } from '../../errors/index.ts';
import type { PartialGraph } from './topk.ts';

/** The shards' rows laid into one graph; every row must come from exactly one shard. */
export function mergePartials(n: number, k: number, partials: readonly PartialGraph[]): KnnGraph {
  const neighbors = new Int32Array(n * k);
  const similarities = new Float32Array(n * k);
  const covered = new Uint8Array(n);
  for (const part of partials) {
    if (part.k !== k || part.start + part.rows > n) {
      throw new VisibleError(
        `A partial graph holds rows ${part.start}..${part.start + part.rows - 1} with k = ${part.k}; ` +
          `the run expects k = ${k} over ${n} rows.`,
        'shard_failed',
      );
    }
    for (let r = part.start; r < part.start + part.rows; r++) {
      if (covered[r]) throw new VisibleError(`Row ${r} came from two shards.`, 'shard_failed');
      covered[r] = 1;
    }
    neighbors.set(part.neighbors, part.start * k);
    similarities.set(part.similarities, part.start * k);
  }
  const missing = covered.indexOf(0);
  if (missing >= 0) throw new VisibleError(`No shard sent row ${missing} of the kNN graph.`, 'shard_failed');
  return { n, k, neighbors, similarities };
}
