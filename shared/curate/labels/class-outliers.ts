import { z } from 'zod';
import { type LabelCalibration, trustFactor } from './calibration.ts';
import { centroidSimilarity, classSums } from './centroids.ts';
import { encodeLabels } from './codes.ts';
import { neighboursToRead } from './graph.ts';
import {
  CLEANLAB_FENCE,
  fenceZ,
  groupedSpread,
  logDistance,
  type Spread,
  sortedMedian,
  zToConfidence,
} from './robust.ts';
import { type KnnGraph, type Labels, Skip, type VectorSource } from './types.ts';

export const outlierScaleSchema = z.object({
  /** Fence z (IQRs above Q3) that maps to confidence 0.5; 1.7 is cleanlab Datalab's outlier cut-off. */
  zAtHalf: z.number().min(0).max(100).default(CLEANLAB_FENCE),
  /** Logistic width in IQRs: confidence is 0.12 at zAtHalf - width and 0.88 at zAtHalf + width. */
  width: z.number().positive().max(100).default(0.5),
});

const optionsSchema = outlierScaleSchema.extend({
  /**
   * Floor of a class's IQR of ln(distance): with 0.1, a class of near-identical members still needs a member
   * about 1.2 times farther than its Q3 before it nears the fence.
   */
  minSpread: z.number().positive().max(10).default(0.1),
  /** Same-class neighbours that define local typicality (at most the graph's k). */
  k: z.number().int().min(1).max(1000).default(10),
  /** Classes with fewer members are not scored: their typical member is unknowable. */
  minClassSize: z.number().int().min(3).max(1_000_000).default(5),
  /**
   * The mislabel pass's calibration. A class this embedding does not tell apart from the others is no region
   * of the embedding, so "unlike its class" cannot be judged there: its confidences are scaled by the class's
   * trust as mislabels' are (1 at trust >= 0.6, 0 at trust 0).
   */
  calibration: z.custom<LabelCalibration>().optional(),
});

export type ClassOutlierOptions = z.input<typeof optionsSchema>;

export interface ClassOutlierScores {
  /** Confidence in [0, 1] that the vector does not look like its own class; 0 when skipped. */
  confidence: Float32Array;
  skip: Uint8Array;
  /** Cosine to the class centroid without the vector itself. */
  centroidTypicality: Float32Array;
  /** Median cosine to the nearest same-class members (optimistic where the graph holds too few). */
  localTypicality: Float32Array;
  /** The fence z used: the mean of the centroid and local views' z. */
  z: Float32Array;
  /** The class's label trust (1 without a calibration); below 0.6 it scales the confidence down. */
  trust: Float32Array;
  /** Label code per vector (-1 unlabelled) and each class's spread of ln(centroid distance) (undefined: too small). */
  classOf: Int32Array;
  classSpread: (Spread | undefined)[];
}

/**
 * Typicality of each labelled vector against its own class, seen two ways (cosine distance to the class
 * centroid, to the nearest same-class members), each as a log distance robustly scaled within the class (IQRs
 * above the class's Q3) and averaged, so a member of a smaller mode of a class is not condemned by the centroid
 * alone. Two streaming passes over the vectors; memory is O(n + classes x dim).
 */
export async function findClassOutliers(
  graph: KnnGraph,
  labels: Labels,
  vectors: VectorSource,
  options: ClassOutlierOptions = {},
): Promise<ClassOutlierScores> {
  const opts = optionsSchema.parse(options);
  const k = neighboursToRead(graph, labels.length, opts.k);
  const { codes, names, counts } = encodeLabels(labels);
  const sums = await classSums(vectors, codes, names.length);
  const centroid = await centroidSimilarity(vectors, codes, sums);
  const local = localTypicality(graph, codes, counts, k);
  const centroidFar = centroid.map(logDistance);
  const localFar = local.map(logDistance);
  const { n } = graph;
  const scored = Int32Array.from(codes, (c) => (c >= 0 && counts[c] >= opts.minClassSize ? c : -1));
  const spread = (far: Float64Array) =>
    groupedSpread(far, scored, names.length, opts.minClassSize, opts.minSpread);
  const centroidSpread = spread(centroidFar);
  const localSpread = spread(localFar);
  const out: ClassOutlierScores = {
    confidence: new Float32Array(n),
    skip: new Uint8Array(n),
    centroidTypicality: Float32Array.from(centroid),
    localTypicality: Float32Array.from(local),
    z: new Float32Array(n),
    trust: new Float32Array(n).fill(1),
    classOf: codes,
    classSpread: centroidSpread,
  };
  const classTrust = names.map((name) => classTrustOf(opts.calibration, name));
  for (let i = 0; i < n; i++) {
    const c = scored[i];
    const centroidStats = centroidSpread[c];
    const localStats = localSpread[c];
    if (c < 0 || !centroidStats || !localStats) {
      out.skip[i] = codes[i] < 0 ? Skip.unlabelled : Skip.noEvidence;
      continue;
    }
    // The local view pulls a member of a smaller mode back towards typical; the centroid view catches a member
    // whose few look-alikes make it look locally typical.
    const zi = (fenceZ(centroidFar[i], centroidStats) + fenceZ(localFar[i], localStats)) / 2;
    out.z[i] = zi;
    out.trust[i] = classTrust[c];
    out.confidence[i] = zToConfidence(zi, opts.zAtHalf, opts.width) * trustFactor(classTrust[c]);
  }
  return out;
}

function classTrustOf(calibration: LabelCalibration | undefined, name: string): number {
  if (!calibration) return 1;
  return calibration.perClass[name]?.trust ?? calibration.trust;
}

/**
 * Median cosine to the min(k, class size - 1) nearest same-class members, read from the global graph. When the
 * row holds fewer, the missing ones are counted at the row's last similarity: an upper bound, so the estimate
 * errs towards "typical". The median (not the mean) keeps a tight group of more than k/2 members typical.
 */
function localTypicality(graph: KnnGraph, codes: Int32Array, counts: Int32Array, k: number): Float64Array {
  const out = new Float64Array(graph.n).fill(Number.NaN);
  const same = new Float64Array(k);
  for (let i = 0; i < graph.n; i++) {
    const code = codes[i];
    if (code < 0) continue;
    const want = Math.min(k, counts[code] - 1);
    if (want <= 0) continue;
    let found = 0;
    let last = Number.NaN;
    for (let r = 0; r < k; r++) {
      const at = i * graph.k + r;
      const j = graph.neighbors[at];
      if (j < 0 || j === i) continue;
      last = graph.similarities[at];
      if (codes[j] === code && found < want) same[found++] = last;
    }
    if (Number.isNaN(last)) continue;
    // The row is sorted and the fill is its smallest value, so the list stays sorted.
    for (let r = found; r < want; r++) same[r] = last;
    out[i] = sortedMedian(same, want);
  }
  return out;
}
