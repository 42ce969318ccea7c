import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { outlierScaleSchema } from './class-outliers.ts';
import { fenceZ, quartiles, type Spread, spreadOf, zToConfidence } from './robust.ts';
import { type KnnGraph, Skip } from './types.ts';

const optionsSchema = outlierScaleSchema.extend({
  /** Floor of the IQR as a fraction of the median distance, so a set of near-identical images stays calm. */
  minRelativeSpread: z.number().positive().max(10).default(0.1),
  /** Neighbours averaged into the kNN distance (at most the graph's k). */
  k: z.number().int().min(1).max(1000).default(10),
});

export type DatasetOutlierOptions = z.input<typeof optionsSchema>;

export interface DatasetOutlierScores {
  /** Confidence in [0, 1] that the vector is unlike anything else in the dataset. */
  confidence: Float32Array;
  skip: Uint8Array;
  /** Mean cosine distance to the k nearest neighbours. */
  distance: Float32Array;
  /** IQRs above the dataset's Q3 distance. */
  z: Float32Array;
  /** The dataset's median, Q3 and IQR of that distance. */
  spread: Spread;
}

/**
 * cleanlab Datalab's outlier check: the mean cosine distance to the k nearest neighbours, scored against the
 * dataset's own quartiles so that confidence 0.5 sits on its cut-off, Q3 + 1.7 IQR. Labels are not needed.
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
  const distance = meanNeighbourDistance(graph, Math.min(opts.k, graph.k));
  const present = distance.filter((d) => !Number.isNaN(d));
  const spread = spreadOf(present, opts.minRelativeSpread * quartiles(present).median);
  const out: DatasetOutlierScores = {
    confidence: new Float32Array(n),
    skip: new Uint8Array(n),
    distance: Float32Array.from(distance),
    z: new Float32Array(n),
    spread,
  };
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(distance[i])) {
      out.skip[i] = Skip.noEvidence;
      continue;
    }
    out.z[i] = fenceZ(distance[i], spread);
    out.confidence[i] = zToConfidence(out.z[i], opts.zAtHalf, opts.width);
  }
  return out;
}

/** 1 - mean cosine over each row's first k neighbours; NaN for empty rows. */
function meanNeighbourDistance(graph: KnnGraph, k: number): Float64Array {
  const out = new Float64Array(graph.n).fill(Number.NaN);
  for (let i = 0; i < graph.n; i++) {
    let sum = 0;
    let m = 0;
    for (let r = 0; r < k; r++) {
      const at = i * graph.k + r;
      if (graph.neighbors[at] < 0 || graph.neighbors[at] === i) continue;
      sum += graph.similarities[at];
      m++;
    }
    if (m > 0) out[i] = 1 - sum / m;
  }
  return out;
}
