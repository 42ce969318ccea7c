/**
 * What the fitted scores look at and how they are fitted: the inputs of each fit, the rows and truth each is
 * fitted on, and the shift that puts 0.5 at the best training F1. The bench and its cross-validation share it.
 */
import {
  FEATURES,
  type FeatureName,
  type FITTED,
  type LogisticFit,
  logit,
  type QualityMeasures,
} from '../../shared/media/index.ts';
import { bestThreshold, fitLogistic } from './fit.ts';
import type { Scored } from './score.ts';

export type Issue = 'blur' | 'dark' | 'bright';
export type Fitted = keyof typeof FITTED;
export type Fits = Record<Fitted, LogisticFit>;

/** What each fitted score may look at: few, physically meaningful inputs, so the fit cannot learn the set. */
export const INPUTS: Record<Fitted, FeatureName[]> = {
  blur: ['ln(edgeWidth)', 'ln(sharpnessLeast)'],
  dark: [
    'midtoneMedian',
    'brightnessP50',
    'brightnessP99',
    'brightnessP998',
    'shadowClip',
    'nearShadow',
    'valueP99',
  ],
  overexposed: [
    'brightnessP1',
    'midtoneMedian',
    'channelClip',
    'highlightClip',
    'blownPileUp (highlightClip x nearHighlight)',
    'blownRim',
  ],
  washedOut: ['blackPoint', 'tonalRange (P99 - P1)'],
};

const veiled = (s: Scored) => s.item.kind === 'wash' || s.item.kind === 'haze';
const overexposed = (s: Scored) => s.item.kind === 'over' && s.item.truth.bright;

/**
 * Bright has two causes, each fitted on its own: over-exposure on the photos that are not veiled, the veil (wash,
 * haze) on those not over-exposed, so neither fit has to explain the other's positives.
 */
const FIT_ON: Record<Fitted, { rows: (s: Scored) => boolean; truth: (s: Scored) => boolean }> = {
  blur: { rows: (s) => s.measures.edgeWidth !== null, truth: (s) => s.item.truth.blur },
  dark: { rows: () => true, truth: (s) => s.item.truth.dark },
  overexposed: { rows: (s) => !veiled(s), truth: overexposed },
  washedOut: { rows: (s) => !overexposed(s), truth: veiled },
};

const PARTS: Record<Issue, Fitted[]> = {
  blur: ['blur'],
  dark: ['dark'],
  bright: ['overexposed', 'washedOut'],
};

/** Blur cannot judge an image without step edges; such images score 0 and take no part in the fit. */
export const judged = (issue: Issue, m: QualityMeasures) => issue !== 'blur' || m.edgeWidth !== null;

/** Six significant digits, as fitted.ts stores them, so the shipped fit and this run's compare equal. */
const round = (v: number) => Number(v.toPrecision(6));

function fitOne(name: Fitted, inputs: FeatureName[], train: Scored[]): LogisticFit {
  const used = train.filter(FIT_ON[name].rows);
  const x = used.map((s) => inputs.map((feature) => FEATURES[feature](s.measures)));
  const raw = fitLogistic(x, used.map(FIT_ON[name].truth));
  return { features: inputs, weights: raw.weights.map(round), bias: raw.bias };
}

/** The confidence of an issue from its fits: bright takes the stronger of its two causes. */
export function confidenceOf(issue: Issue, fits: Fits, m: QualityMeasures): number {
  if (!judged(issue, m)) return 0;
  const z = Math.max(...PARTS[issue].map((name) => logit(fits[name], m)));
  return 1 / (1 + Math.exp(-z));
}

export interface FitReport {
  fits: Fits;
  /** Best F1 on the training rows, per issue, and the raw confidence it sits at (moved to 0.5). */
  training: Record<Issue, { f1: number; threshold: number }>;
}

/** Fits every score on the training photos, then shifts each so that 0.5 sits exactly at its best training F1. */
export function fitAll(train: Scored[], inputs: Record<Fitted, FeatureName[]> = INPUTS): FitReport {
  const fits = Object.fromEntries(
    (Object.keys(inputs) as Fitted[]).map((name) => [name, fitOne(name, inputs[name], train)]),
  ) as Fits;
  const training = {} as FitReport['training'];
  for (const issue of ['blur', 'dark', 'bright'] as const) {
    const used = train.filter((s) => judged(issue, s.measures));
    training[issue] = bestThreshold(
      used.map((s) => confidenceOf(issue, fits, s.measures)),
      used.map((s) => s.item.truth[issue]),
    );
    const shift = Math.log(training[issue].threshold / (1 - training[issue].threshold));
    for (const name of PARTS[issue]) fits[name] = { ...fits[name], bias: round(fits[name].bias - shift) };
  }
  return { fits, training };
}
