import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { type Spread, spreadOf } from './robust.ts';
import { bulkOf, normalUpperTail, qValues, standardise, tailStretch } from './tail.ts';
import { type KnnGraph, Skip } from './types.ts';

/** Contrast (contrast.ts) at and above which the distances are trusted fully; below, in proportion, to 0. */
export const STRONG_CONTRAST = 0.5;
export const WEAK_CONTRAST = 0.25;

const optionsSchema = z.object({
  /**
   * Floor of the bulk's sigma of ln(distance): 0.07 is a 7% spread of distances, so a set of near-identical
   * images stays calm.
   */
  minSigma: z.number().positive().max(10).default(0.07),
  /** Neighbours averaged into the kNN distance (at most the graph's k). */
  k: z.number().int().min(1).max(1000).default(10),
  /**
   * The dataset's neighbourhood contrast (neighbourhoodContrast); without it the distances are trusted as they
   * are. Below STRONG_CONTRAST confidences are scaled down, to 0 at WEAK_CONTRAST: "cannot judge".
   */
  contrast: z.number().min(0).max(1).optional(),
});

export type DatasetOutlierOptions = z.input<typeof optionsSchema>;

export interface DatasetOutlierScores {
  /** Confidence in [0, 1] that the vector is unlike anything else in the dataset. */
  confidence: Float32Array;
  skip: Uint8Array;
  /** Mean cosine distance to the k nearest neighbours. */
  distance: Float32Array;
  /** Standard deviations of ln(distance) above the dataset's bulk (median, IQR / 1.349). */
  z: Float32Array;
  /** Benjamini-Hochberg q-value over the dataset: 1 - q is the confidence before the contrast factor. */
  q: Float32Array;
  /** The factor the contrast put on every confidence (1 = fully judged, 0 = cannot judge). */
  judged: number;
  /** The neighbourhood contrast it was given (undefined: none given, distances trusted as they are). */
  contrast: number | undefined;
  /** The dataset's median, Q3 and IQR of that distance. */
  spread: Spread;
}

/**
 * cleanlab's kNN outlier distance (the mean cosine distance to the k nearest neighbours), read as a tail
 * p-value against the bulk of the dataset's own ln(distance), turned into Benjamini-Hochberg q-values:
 * confidence = 1 - q, the expected share of real outliers among images this far out (tail.ts), scaled by how
 * well this embedding forms neighbourhoods here. Labels are not needed. O(n k + n log n).
 */
export function findDatasetOutliers(
  graph: KnnGraph,
  options: DatasetOutlierOptions = {},
): DatasetOutlierScores {
  const opts = optionsSchema.parse(options);
  const { n } = graph;
  if (graph.neighbors.length !== n * graph.k || graph.similarities.length !== n * graph.k) {
    throw new VisibleError(
      `The kNN graph is malformed: expected ${n} x ${graph.k} neighbours.`,
      'invalid_input',
    );
  }
  const distance = meanNeighbourDistance(graph, Math.min(opts.k, graph.k));
  const present = distance.filter((d) => !Number.isNaN(d));
  const logs = Float64Array.from(distance, (d) => Math.log(Math.max(d, 1e-6)));
  const bulk = bulkOf(
    logs.filter((_, i) => !Number.isNaN(distance[i])),
    opts.minSigma,
  );
  const judged = contrastFactor(opts.contrast);
  const out: DatasetOutlierScores = {
    confidence: new Float32Array(n),
    skip: new Uint8Array(n),
    distance: Float32Array.from(distance),
    z: new Float32Array(n),
    q: new Float32Array(n).fill(Number.NaN),
    judged,
    contrast: opts.contrast,
    spread: spreadOf(present, 0),
  };
  const p = new Float64Array(n).fill(1);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(distance[i])) {
      out.skip[i] = Skip.noEvidence;
      group[i] = -1;
      continue;
    }
    out.z[i] = standardise(logs[i], bulk);
  }
  const stretch = tailStretch(out.z, (i) => group[i] >= 0);
  for (let i = 0; i < n; i++) if (group[i] >= 0) p[i] = normalUpperTail(out.z[i] / stretch);
  const q = qValues(p, group);
  for (let i = 0; i < n; i++) {
    if (group[i] < 0) continue;
    out.q[i] = q[i];
    // Below the bulk's median nothing is an outlier, whatever the q-values of a lopsided bulk say.
    out.confidence[i] = out.z[i] > 0 ? (1 - q[i]) * judged : 0;
  }
  return out;
}

export function contrastFactor(contrast: number | undefined): number {
  if (contrast === undefined) return 1;
  return Math.max(0, Math.min(1, (contrast - WEAK_CONTRAST) / (STRONG_CONTRAST - WEAK_CONTRAST)));
}

/** 1 - mean cosine over each row's first k neighbours; NaN for empty rows. */
export function meanNeighbourDistance(graph: KnnGraph, k: number): Float64Array {
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
