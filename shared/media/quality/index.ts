import type { ImageMeta, QualityScores, Raster } from '../types.ts';
import { edgeWidth } from './blur.ts';
import { confidence } from './calibrate.ts';
import { FITTED } from './fitted.ts';
import { type Unjudged, unjudgedChecks, withoutUnjudged } from './judge.ts';
import { logistic, logit } from './logistic.ts';
import { luma } from './luma.ts';
import type { QualityMeasures } from './measures.ts';
import { leastSharpness } from './sharpness.ts';
import { colourStats } from './stats.ts';

export { JUDGE_FLOOR_PX, type Unjudged, unjudgedChecks } from './judge.ts';
export { FEATURES, type FeatureName, type LogisticFit, logistic, logit } from './logistic.ts';
export type { QualityMeasures } from './measures.ts';
export { FITTED };

/** Blur is judged as the image looks at this shortest side, whatever size it arrives at. */
export const BLUR_REFERENCE_SIDE = 384;

/** Widest over narrowest edge direction above which a blur is a streak (motion), not a disc (defocus). */
export const MOTION_ANISOTROPY = 1.6;

/**
 * The single-measure scores: `cutoff` is the value that scores 0.5, `toward95` the step from there that scores
 * 0.95 (negative: lower values are worse). Blur, dark and bright combine several measures: see FITTED.
 * docs/quality.md explains each line.
 */
export const QUALITY_CALIBRATION = {
  lowInformation: { measure: 'entropy', cutoff: 3, toward95: -1 },
  oddSize: { measure: 'log2(size)', cutoff: 6, toward95: -1 },
  oddAspectRatio: { measure: 'aspectRatio', cutoff: 0.35, toward95: -0.1 },
  grayscale: { measure: 'chromaP999', cutoff: 0.04, toward95: -0.02 },
} as const satisfies Record<string, { measure: string; cutoff: number; toward95: number }>;

export function measureQuality(raster: Raster, meta: Pick<ImageMeta, 'width' | 'height'>): QualityMeasures {
  const stats = colourStats(raster);
  const gray = luma(raster);
  const edges = edgeWidth(gray, raster.width, raster.height);
  const reference = Math.min(1, BLUR_REFERENCE_SIDE / Math.min(raster.width, raster.height));
  return {
    ...stats,
    edgeWidth: edges.width === null ? null : edges.width * reference,
    edgeWidthAcross: edges.across === null ? null : edges.across * reference,
    sharpnessLeast: leastSharpness(gray, raster.width, raster.height),
    blurDirection: edges.direction,
    size: Math.sqrt(meta.width * meta.height),
    aspectRatio: Math.min(meta.width / meta.height, meta.height / meta.width),
  };
}

/** Maps measurements to confidences in [0, 1]; 0.5 sits at the best F1 on labelled real photos. */
export function scoreQuality(m: QualityMeasures): QualityScores {
  const c = QUALITY_CALIBRATION;
  const score = (value: number, line: { cutoff: number; toward95: number }) =>
    confidence(value, line.cutoff, line.toward95);
  return {
    // No step edges: nothing that could be blurred, so the check cannot judge and does not flag.
    blur: m.edgeWidth === null ? 0 : logistic(FITTED.blur, m),
    dark: logistic(FITTED.dark, m),
    bright: brightConfidence(m),
    lowInformation: score(m.entropy, c.lowInformation),
    oddSize: score(Math.log2(Math.max(1, m.size)), c.oddSize),
    oddAspectRatio: score(m.aspectRatio, c.oddAspectRatio),
    grayscale: score(m.chromaP999, c.grayscale),
  };
}

/**
 * Too bright is one of two things: over-exposure (blown highlights, lifted midtones) or a veil (a wash or haze
 * that lifts the black point and squeezes the tonal range). Each has its own fit; the stronger one decides.
 */
function brightConfidence(m: QualityMeasures): number {
  return 1 / (1 + Math.exp(-Math.max(logit(FITTED.overexposed, m), logit(FITTED.washedOut, m))));
}

/** Which of the two makes an image too bright (the stronger cue), whatever its confidence. */
export function brightKind(m: QualityMeasures): 'overexposed' | 'washed out' {
  return logit(FITTED.overexposed, m) >= logit(FITTED.washedOut, m) ? 'overexposed' : 'washed out';
}

/** What kind of blur the edges show: a streak in one direction (motion) or the same in all (defocus). */
export function blurKind(m: QualityMeasures): 'motion' | 'defocus' | null {
  if (m.edgeWidth === null || m.edgeWidthAcross === null) return null;
  return m.edgeWidth / m.edgeWidthAcross > MOTION_ANISOTROPY ? 'motion' : 'defocus';
}

/** The quality of one image as ingest stores it: every confidence, 0 with a reason where a check cannot judge. */
export function judgeQuality(
  raster: Raster,
  meta: Pick<ImageMeta, 'width' | 'height'>,
): { scores: QualityScores; unjudged: Unjudged } {
  const measures = measureQuality(raster, meta);
  const unjudged = unjudgedChecks(measures, meta);
  return { scores: withoutUnjudged(scoreQuality(measures), unjudged), unjudged };
}

/** All quality confidences of one image from its working raster (pure, a few milliseconds at 384 px). */
export function analyzeQuality(raster: Raster, meta: Pick<ImageMeta, 'width' | 'height'>): QualityScores {
  return judgeQuality(raster, meta).scores;
}
