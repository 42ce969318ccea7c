import type { Config } from '../../config/index.ts';
import { duplicateSimilarityFor } from '../../embed/calibration.ts';
import { DESCRIPTOR_MODEL_ID } from '../../embed/descriptor/index.ts';
import { DESCRIPTOR_CANDIDATE_SIMILARITY } from '../duplicates/index.ts';

/**
 * The descriptor's measured candidate cut-off; for other models (CLIP) 0.06 below their near-duplicate cut-off
 * (0.90 for fastdup's 0.96), since verification, not the cosine, now decides.
 */
function duplicateCandidateFor(model: string | undefined, cutoff: number): number {
  return model === DESCRIPTOR_MODEL_ID ? Math.min(DESCRIPTOR_CANDIDATE_SIMILARITY, cutoff) : cutoff - 0.06;
}

/** The settings every pass reads, taken from config once, so a run records exactly what it used. */
export interface PassSettings {
  k: number;
  duplicateSimilarity: number;
  duplicateMode: 'fixed' | 'relative';
  uniquesMinDistance?: number;
  visualLevels: number;
  knn?: { method?: 'auto' | 'exact' | 'approximate'; exactMaxRows?: number };
  /** Which builder makes the kNN graph (config curate.graph). */
  graph?: 'in-process' | 'partitioned';
  /** Confidences at or above these count as issues in the run's counts. */
  mislabelThreshold: number;
  outlierThreshold: number;
  /** Cosine at which kNN edges become candidate pairs for duplicate verification (looser than the cut-off). */
  duplicateCandidate: number;
  /** Also query each row's mirrored vector (embeddings that are not mirror-invariant: the descriptor). */
  mirrorQueries: boolean;
}

/** `model`: the id of the stored vectors, whose calibration sets the near-duplicate cut-off unless config does. */
export function passSettings(config: Config, model: string | undefined): PassSettings {
  return {
    k: config.curate.k,
    duplicateSimilarity: config.curate.duplicateSimilarity ?? duplicateSimilarityFor(model),
    duplicateMode: config.curate.duplicateMode,
    uniquesMinDistance: config.curate.uniquesMinDistance,
    visualLevels: 5,
    graph: config.curate.graph,
    mislabelThreshold: config.thresholds.mislabel,
    outlierThreshold: config.thresholds.outlier,
    duplicateCandidate: duplicateCandidateFor(
      model,
      config.curate.duplicateSimilarity ?? duplicateSimilarityFor(model),
    ),
    mirrorQueries: model === DESCRIPTOR_MODEL_ID,
  };
}

/** Every threshold and setting of a run, as recorded in its row. */
export function runParameters(settings: PassSettings, config: Config): Record<string, unknown> {
  return { ...settings, thresholds: { ...config.thresholds } };
}
