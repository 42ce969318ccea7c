import type { QualityMeasures } from './measures.ts';

/** The inputs a fitted score may use, each a plain function of the measurements. */
export const FEATURES = {
  'ln(edgeWidth)': (m: QualityMeasures) => Math.log(m.edgeWidth ?? 1),
  'ln(edgeWidthAcross)': (m: QualityMeasures) => Math.log(m.edgeWidthAcross ?? 1),
  // Nothing with structure is measured as a sharp step would be (4): it cannot read as blurred.
  'ln(sharpnessLeast)': (m: QualityMeasures) => Math.log(m.sharpnessLeast ?? 4),
  brightnessP1: (m: QualityMeasures) => m.brightnessP1,
  brightnessP5: (m: QualityMeasures) => m.brightnessP5,
  brightnessP50: (m: QualityMeasures) => m.brightnessP50,
  brightnessP95: (m: QualityMeasures) => m.brightnessP95,
  brightnessP99: (m: QualityMeasures) => m.brightnessP99,
  brightnessP998: (m: QualityMeasures) => m.brightnessP998,
  midtoneMedian: (m: QualityMeasures) => m.midtoneMedian,
  subjectMedian: (m: QualityMeasures) => m.subjectMedian,
  // A wash lifts the black point; a white background does not, so the lift counts only where nothing is blown.
  'blackLift (P1 x unblown share)': (m: QualityMeasures) => m.brightnessP1 * (1 - m.highlightClip),
  // Over-exposure piles pixels up just below white as well as at it; a clean white background has no such shoulder.
  'blownPileUp (highlightClip x nearHighlight)': (m: QualityMeasures) => m.highlightClip * m.nearHighlight,
  shadowClip: (m: QualityMeasures) => m.shadowClip,
  nearShadow: (m: QualityMeasures) => m.nearShadow,
  nearHighlight: (m: QualityMeasures) => m.nearHighlight,
  highlightClip: (m: QualityMeasures) => m.highlightClip,
  channelClip: (m: QualityMeasures) => m.channelClip,
  blownRim: (m: QualityMeasures) => m.blownRim,
  valueP99: (m: QualityMeasures) => m.valueP99,
  // A wash or haze squeezes the tones between a lifted black and white: the range left, p1 to p99.
  'tonalRange (P99 - P1)': (m: QualityMeasures) => m.brightnessP99 - m.brightnessP1,
  // ...and it greys the colours out.
  chromaP99: (m: QualityMeasures) => m.chromaP99,
  blackPoint: (m: QualityMeasures) => m.blackPoint,
} as const;

export type FeatureName = keyof typeof FEATURES;

/** confidence = 1 / (1 + exp(-(bias + sum of weight x feature))), fitted on labelled real photos. */
export interface LogisticFit {
  features: readonly FeatureName[];
  weights: readonly number[];
  bias: number;
}

export function logit(fit: LogisticFit, m: QualityMeasures): number {
  let z = fit.bias;
  for (const [i, name] of fit.features.entries()) z += fit.weights[i] * FEATURES[name](m);
  return z;
}

export function logistic(fit: LogisticFit, m: QualityMeasures): number {
  return 1 / (1 + Math.exp(-logit(fit, m)));
}
