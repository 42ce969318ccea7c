export type { KnnGraph, VectorSource } from '../knn/index.ts';

/**
 * Zero-shot label alignment from a text-capable model: row i holds a probability-like score per label
 * (rows sum to about 1), `labels` names the columns.
 */
export interface LabelAlignment {
  scores: Float32Array;
  labels: readonly string[];
}

/** Labels as the passes see them: one per vector, null when the vector has none. */
export type Labels = ReadonlyArray<string | null | undefined>;

/** Why a vector got no score from a pass (its confidence is then 0). */
export const Skip = {
  none: 0,
  unlabelled: 1,
  /** Mislabels: no labelled neighbour; outliers: the class is too small to say what is typical. */
  noEvidence: 2,
} as const;
