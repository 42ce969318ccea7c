import { CLIP_PULL_HINT } from './calibration.ts';
import { contrastFactor, STRONG_CONTRAST } from './dataset-outliers.ts';

/** Whether this model's embeddings can single out dataset outliers here, in numbers and in words. */
export interface OutlierJudgement {
  /** Neighbourhood contrast: 1 - median kNN distance / median distance between any two images. */
  contrast: number;
  /** The factor on every dataset-outlier confidence: 1 = judged fully, 0 = cannot judge. */
  judged: number;
  message: string;
}

export function describeOutlierJudgement(contrast: number, pullHint = CLIP_PULL_HINT): OutlierJudgement {
  const judged = contrastFactor(contrast);
  const figures = `neighbourhood contrast ${contrast.toFixed(2)}: images are ${Math.round(100 * (1 - contrast))}% as far from their nearest neighbours as from any image`;
  let message: string;
  if (contrast >= STRONG_CONTRAST) {
    message = `Dataset outliers are judged: this model's embeddings form neighbourhoods here (${figures}).`;
  } else if (judged > 0) {
    message = `Dataset outliers are judged only in part (${figures}): their confidences are scaled to ${Math.round(100 * judged)}%; for semantic checks install a CLIP model: ${pullHint}`;
  } else {
    message = `Dataset outliers cannot be judged with this model (${figures}): nothing stands out from anything else; install a CLIP model for semantic checks: ${pullHint}`;
  }
  return { contrast, judged, message };
}
