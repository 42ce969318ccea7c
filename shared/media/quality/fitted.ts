import type { LogisticFit } from './logistic.ts';

/**
 * Logistic fits on the training photos of the labelled real-photo set, shifted so that 0.5 sits at their best F1.
 * Written by `npm run bench -- quality --write`; docs/quality.md gives the set and the held-out figures.
 */
export const FITTED: Record<'blur' | 'dark' | 'bright', LogisticFit> = {
  blur: { features: ['ln(edgeWidth)'], weights: [5.31065], bias: -5.03406 },
  dark: {
    features: [
      'midtoneMedian',
      'brightnessP50',
      'brightnessP99',
      'brightnessP998',
      'shadowClip',
      'nearShadow',
    ],
    weights: [-2.49234, -1.50088, -4.79272, -9.33852, -0.444585, -1.25435],
    bias: 8.90521,
  },
  bright: {
    features: [
      'brightnessP1',
      'midtoneMedian',
      'highlightClip',
      'brightnessP50',
      'blackLift (P1 x unblown share)',
      'blownPileUp (highlightClip x nearHighlight)',
    ],
    weights: [2.98686, 1.91541, 0.263126, 1.71734, 4.75245, 66.5184],
    bias: -5.25602,
  },
};
