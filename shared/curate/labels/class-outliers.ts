import { z } from 'zod';
import { centroidSimilarity, classSums } from './centroids.ts';
import { encodeLabels } from './codes.ts';
import { neighboursToRead } from './graph.ts';
import { groupedRobust, logDistance, sortedMedian, zToConfidence } from './robust.ts';
import { type KnnGraph, type Labels, Skip, type VectorRows } from './types.ts';

export const outlierScaleSchema = z.object({
  /** Robust z (in MADs scaled to standard deviations) that maps to confidence 0.5. */
  zAtHalf: z.number().min(0).max(100).default(3),
  /** Logistic width in z units: confidence is 0.12 at zAtHalf - width and 0.88 at zAtHalf + width. */
  width: z.number().positive().max(100).default(0.5),
  /**
   * Floor of the robust spread of ln(1 - cosine), so a class of near-identical members does not turn noise into
   * z = 10: with 0.25, z = 3 is never less than e^0.75 = 2.1 times the typical distance.
   */
  minSpread: z.number().positive().max(10).default(0.25),
});

const optionsSchema = outlierScaleSchema.extend({
  /** Same-class neighbours that define local typicality (at most the graph's k). */
  k: z.number().int().min(1).max(1000).default(10),
  /** Classes with fewer members are not scored: their typical member is unknowable. */
  minClassSize: z.number().int().min(3).max(1_000_000).default(5),
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
  /** The robust z of ln(1 - cosine) used: the smaller (more typical) of the centroid and local views. */
  z: Float32Array;
}

/**
 * Typicality of each labelled vector against its own class, seen two ways (class centroid, nearest same-class
 * members), each as a log distance robustly scaled within the class; a vector is an outlier only when both views find it atypical,
 * so classes with several modes keep their smaller modes. Two streaming passes over the vectors; memory is
 * O(n + classes x dim).
 */
export async function findClassOutliers(
  graph: KnnGraph,
  labels: Labels,
  vectors: VectorRows,
  options: ClassOutlierOptions = {},
): Promise<ClassOutlierScores> {
  const opts = optionsSchema.parse(options);
  const k = neighboursToRead(graph, labels.length, opts.k);
  const { codes, names, counts } = encodeLabels(labels);
  const { sums, dim } = await classSums(vectors, codes, names.length);
  const centroid = await centroidSimilarity(vectors, codes, sums, dim);
  const local = localTypicality(graph, codes, counts, k);
  const centroidFar = centroid.map(logDistance);
  const localFar = local.map(logDistance);
  const { n } = graph;
  const scored = Int32Array.from(codes, (c) => (c >= 0 && counts[c] >= opts.minClassSize ? c : -1));
  const centroidStats = groupedRobust(centroidFar, scored, names.length, opts.minClassSize);
  const localStats = groupedRobust(localFar, scored, names.length, opts.minClassSize);
  const out: ClassOutlierScores = {
    confidence: new Float32Array(n),
    skip: new Uint8Array(n),
    centroidTypicality: Float32Array.from(centroid),
    localTypicality: Float32Array.from(local),
    z: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = scored[i];
    if (c < 0) {
      out.skip[i] = codes[i] < 0 ? Skip.unlabelled : Skip.noEvidence;
      continue;
    }
    const zCentroid =
      (centroidFar[i] - centroidStats.centre[c]) / Math.max(centroidStats.spread[c], opts.minSpread);
    const zLocal = (localFar[i] - localStats.centre[c]) / Math.max(localStats.spread[c], opts.minSpread);
    const zi = Math.min(zCentroid, zLocal);
    out.z[i] = zi;
    out.confidence[i] = zToConfidence(zi, opts.zAtHalf, opts.width);
  }
  return out;
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
