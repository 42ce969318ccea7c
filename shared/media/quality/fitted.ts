import type { LogisticFit } from './logistic.ts';

/**
 * Logistic fits on the training photos of the labelled real-photo set, shifted so that 0.5 sits at their best F1.
 * Written by `npm run bench -- quality --write`; docs/quality.md gives the set and the held-out figures.
 */
export const FITTED: Record<'blur' | 'dark' | 'overexposed' | 'washedOut', LogisticFit> = {
  blur: { features: ['ln(edgeWidth)'], weights: [5.24149], bias: -4.25963 },
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
    weights: [-1.39321, -0.933483, -3.108, -7.65349, -0.457767, -1.49229, -5.95341],
    bias: 10.1118,
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
    weights: [1.40324, 1.06768, 5.19735, -2.22179, 2.9413, 318.656],
    bias: -4.00689,
  },
  washedOut: {
    features: ['blackPoint', 'tonalRange (P99 - P1)'],
    weights: [10.4617, -3.19114],
    bias: -2.32867,
  },
};
