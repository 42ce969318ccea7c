import type { Config } from '../../config/index.ts';
import { duplicateSimilarityFor } from '../../embed/calibration.ts';

/** The settings every pass reads, taken from config once, so a run records exactly what it used. */
export interface PassSettings {
  k: number;
  duplicateSimilarity: number;
  duplicateMode: 'fixed' | 'relative';
  uniquesMinDistance?: number;
  visualLevels: number;
  knn?: { method?: 'auto' | 'exact' | 'approximate'; exactMaxRows?: number };
  /** Confidences at or above these count as issues in the run's counts. */
  mislabelThreshold: number;
  outlierThreshold: number;
}

/** `model`: the id of the stored vectors, whose calibration sets the near-duplicate cut-off unless config does. */
export function passSettings(config: Config, model: string | undefined): PassSettings {
  return {
    k: config.curate.k,
    duplicateSimilarity: config.curate.duplicateSimilarity ?? duplicateSimilarityFor(model),
    duplicateMode: config.curate.duplicateMode,
    uniquesMinDistance: config.curate.uniquesMinDistance,
    visualLevels: 5,
    mislabelThreshold: config.thresholds.mislabel,
    outlierThreshold: config.thresholds.outlier,
  };
}

/** Every threshold and setting of a run, as recorded in its row. */
export function runParameters(settings: PassSettings, config: Config): Record<string, unknown> {
  return { ...settings, thresholds: { ...config.thresholds } };
}
