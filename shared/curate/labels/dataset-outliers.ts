import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { outlierScaleSchema } from './class-outliers.ts';
import { logDistance, robustCentre, sortedMedian, zToConfidence } from './robust.ts';
import { type KnnGraph, Skip } from './types.ts';

const optionsSchema = outlierScaleSchema.extend({
  /** Neighbours averaged into the kNN distance (at most the graph's k). */
  k: z.number().int().min(1).max(1000).default(10),
});

export type DatasetOutlierOptions = z.input<typeof optionsSchema>;

export interface DatasetOutlierScores {
  /** Confidence in [0, 1] that the vector is unlike anything else in the dataset. */
  confidence: Float32Array;
  skip: Uint8Array;
  /** 1 - median cosine to the k nearest neighbours. */
  distance: Float32Array;
  z: Float32Array;
}

/**
 * cleanlab's out-of-distribution score by kNN distance, robustly scaled over the whole dataset: the cosine
 * distance to the k nearest neighbours, on a log scale, as a z against the dataset's median and MAD. Labels are not needed.
 * The median over the k (cleanlab takes the mean) keeps a tight group of more than k/2 images from looking
 * like outliers because their k-th neighbour is far.
 */
export function findDatasetOutliers(
  graph: KnnGraph,
  options: DatasetOutlierOptions = {},
): DatasetOutlierScores {
  const opts = optionsSchema.parse(options);
  const { n } = graph;
  if (graph.neighbors.length !== n * graph.k || graph.similarities.length !== n * graph.k) {
    throw new VisibleError(`The kNN graph is malformed: expected ${n} x ${graph.k} neighbours.`);
  }
  const similarity = medianNeighbourSimilarity(graph, Math.min(opts.k, graph.k));
  const far = similarity.map(logDistance);
  const { centre, spread } = robustCentre(far.filter((x) => !Number.isNaN(x)));
  const out: DatasetOutlierScores = {
    confidence: new Float32Array(n),
    skip: new Uint8Array(n),
    distance: Float32Array.from(similarity, (s) => 1 - s),
    z: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(far[i])) {
      out.skip[i] = Skip.noEvidence;
      continue;
    }
    const zi = (far[i] - centre) / Math.max(spread, opts.minSpread);
    out.z[i] = zi;
    out.confidence[i] = zToConfidence(zi, opts.zAtHalf, opts.width);
  }
  return out;
}

/** Median cosine over each row's first k neighbours (rows are sorted, so it is the middle one); NaN for empty rows. */
function medianNeighbourSimilarity(graph: KnnGraph, k: number): Float64Array {
  const out = new Float64Array(graph.n).fill(Number.NaN);
  const row = new Float64Array(k);
  for (let i = 0; i < graph.n; i++) {
    let m = 0;
    for (let r = 0; r < k; r++) {
      const at = i * graph.k + r;
      if (graph.neighbors[at] < 0 || graph.neighbors[at] === i) continue;
      row[m++] = graph.similarities[at];
    }
    if (m > 0) out[i] = sortedMedian(row, m);
  }
  return out;
}
