import type { LogisticFit } from './logistic.ts';

/**
 * Logistic fits on the training photos of the labelled real-photo set, shifted so that 0.5 sits at their best F1.
 * Written by `npm run bench -- quality --write`; docs/quality.md gives the set and the held-out figures.
 */
export const FITTED: Record<'blur' | 'dark' | 'overexposed' | 'washedOut', LogisticFit> = {
  blur: { features: ['ln(edgeWidth)', 'ln(sharpnessLeast)'], weights: [2.64795, -4.21423], bias: -0.190587 },
  dark: {
    features: [
      'midtoneMedian',
      'brightnessP50',
      'brightnessP99',
      'brightnessP998',
      'shadowClip',
      'nearShadow',
      'valueP99',
    ],
    weights: [-1.39322, -0.933348, -3.10804, -7.65321, -0.457657, -1.49246, -5.95403],
    bias: 10.112,
  },
  overexposed: {
    features: [
      'brightnessP1',
      'midtoneMedian',
      'channelClip',
      'highlightClip',
      'blownPileUp (highlightClip x nearHighlight)',
      'blownRim',
    ],
    weights: [1.40326, 1.06723, 5.19731, -2.22189, 2.94218, 318.658],
    bias: -4.00653,
  },
  washedOut: {
    features: ['blackPoint', 'tonalRange (P99 - P1)'],
    weights: [10.4618, -3.19121],
    bias: -2.32868,
  },
};
