import type { Raster } from '../../media/types.ts';
import { blocks8, lowDct } from './layout.ts';
import { centre, concat, l2, root, saturate } from './normalise.ts';
import { linearRgbToOklab, SRGB_TO_LINEAR } from './oklab.ts';
import { poolPyramid } from './pool.ts';
import { halve, resampleRgb } from './resample.ts';
import { hueVotes, orientationVotes, toneVotes } from './votes.ts';

/** Everything that shapes the vector. Changing any of it needs a new version in the model id. */
export interface Settings {
  /** Side of the square grid every raster is area-resampled to, whatever its size or aspect. */
  size: number;
  orientations: number;
  /** Spatial pyramid of the orientation histograms: G x G cells per level. */
  orientationGrids: number[];
  /** Weight of the orientation pyramid on the grid, the grid halved, the grid quartered. */
  scaleWeights: number[];
  /** Lightness layout: DCT coefficients with u + v <= this (DC excluded: it is the mean, removed). */
  layoutFrequencies: number;
  /** Chroma layout: DCT coefficients of a and b with u + v <= this, DC included (the overall tint). */
  chromaFrequencies: number;
  /** Chroma-layout norm at which it stops growing: below it, faint colour stays faint instead of amplified. */
  chromaKnee: number;
  hueBins: number;
  hueGrids: number[];
  /** Hue-block norm (about the mean chroma) at full weight: greyer pictures get proportionally less. */
  hueKnee: number;
  toneBins: number;
  toneGrids: number[];
  /** Smallest lightness standard deviation treated as contrast, so a flat image's noise is not blown up. */
  minContrast: number;
  weights: { layout: number; chromaLayout: number; hue: number; tone: number };
}

export const SETTINGS: Readonly<Settings> = {
  size: 64,
  orientations: 8,
  orientationGrids: [2, 3, 4],
  scaleWeights: [1, 1, 1],
  layoutFrequencies: 4,
  chromaFrequencies: 2,
  chromaKnee: 0.3,
  hueBins: 12,
  hueGrids: [1, 2],
  hueKnee: 0.02,
  toneBins: 8,
  toneGrids: [1, 2],
  minContrast: 0.02,
  weights: { layout: 0.5, chromaLayout: 1, hue: 1, tone: 1 },
};

/** Tone histograms span this many standard deviations either side of the mean. */
const TONE_SPAN = 2.5;

/** The descriptor of one raster: blocks weighted, concatenated and scaled to unit length. */
export function describe(raster: Raster, s: Readonly<Settings> = SETTINGS): Float32Array {
  const n = s.size * s.size;
  const rgb = resampleRgb(raster.data, raster.width, raster.height, s.size, SRGB_TO_LINEAR);
  const { L, a, b } = linearRgbToOklab(rgb, n);
  standardise(L, s.minContrast);
  const w = s.weights;
  const layout = l2(lowDct(blocks8(L, s.size), s.layoutFrequencies, true), w.layout);
  // Not unit length: a grey picture's near-zero chroma must stay near zero, not turn into noise.
  const chromaDct = concat([
    lowDct(blocks8(a, s.size), s.chromaFrequencies, false),
    lowDct(blocks8(b, s.size), s.chromaFrequencies, false),
  ]);
  const chromaLayout = saturate(chromaDct, s.chromaKnee, w.chromaLayout);
  const hueLevels = poolPyramid(hueVotes(a, b, s.size, s.hueBins), s.size, s.hueBins, s.hueGrids);
  const hue = saturate(concat(hueLevels.map((h) => h.map((x) => x / n))), s.hueKnee, w.hue);
  const toneVotesL = toneVotes(L, s.size, s.toneBins, -TONE_SPAN, TONE_SPAN);
  const tone = l2(
    concat(poolPyramid(toneVotesL, s.size, s.toneBins, s.toneGrids).map((h) => l2(centre(root(h))))),
    w.tone,
  );
  return l2(concat([layout, chromaLayout, ...orientationScales(L, s), hue, tone]));
}

/** Brightness and contrast invariance: lightness becomes z-scores of the image's own distribution. */
function standardise(L: Float32Array, minContrast: number): void {
  let mean = 0;
  for (let i = 0; i < L.length; i++) mean += L[i];
  mean /= L.length;
  let v = 0;
  for (let i = 0; i < L.length; i++) v += (L[i] - mean) ** 2;
  const std = Math.max(Math.sqrt(v / L.length), minContrast);
  for (let i = 0; i < L.length; i++) L[i] = (L[i] - mean) / std;
}

/** Orientation pyramids on the grid and its halvings; each level root-normalised, centred and unit length. */
function orientationScales(L: Float32Array, s: Readonly<Settings>): Float32Array[] {
  const out: Float32Array[] = [];
  let plane = L;
  let size = s.size;
  for (const weight of s.scaleWeights) {
    if (weight > 0) {
      const levels = poolPyramid(
        orientationVotes(plane, size, s.orientations),
        size,
        s.orientations,
        s.orientationGrids,
      );
      out.push(l2(concat(levels.map((h) => l2(centre(root(h))))), weight));
    }
    plane = halve(plane, size);
    size /= 2;
  }
  return out;
}
