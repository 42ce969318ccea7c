import type { ImageMeta, QualityScores, Raster } from '../types.ts';
import { edgeWidth } from './blur.ts';
import { confidence } from './calibrate.ts';
import { luma } from './luma.ts';
import { colourStats } from './stats.ts';

/** Blur is judged as the image looks at this shortest side, whatever size it arrives at. */
export const BLUR_REFERENCE_SIDE = 384;

/** The raw measurements behind the scores, for reports and threshold tuning. */
export interface QualityMeasures {
  brightnessP5: number;
  brightnessP99: number;
  entropy: number;
  chromaP99: number;
  /** Typical edge width in pixels at BLUR_REFERENCE_SIDE; null when the image has no step edges to judge. */
  edgeWidth: number | null;
  /** Geometric mean side of the original, sqrt(width x height), in pixels. */
  size: number;
  /** min(width / height, height / width) of the original: 1 is square. */
  aspectRatio: number;
}

/**
 * Where each score crosses 0.5 and how fast it rises: `cutoff` is the value that scores 0.5, `toward95` the step
 * from there that scores 0.95 (negative: lower values are worse). Scales are logarithmic where noted.
 * docs/quality.md explains each line.
 */
export const QUALITY_CALIBRATION = {
  dark: { measure: 'brightnessP99', cutoff: 0.32, toward95: -0.1 },
  bright: { measure: 'brightnessP5', cutoff: 0.95, toward95: 0.03 },
  lowInformation: { measure: 'entropy', cutoff: 3, toward95: -1 },
  blur: { measure: 'ln(edgeWidth)', cutoff: Math.log(2.2), toward95: Math.log(1.35) },
  oddSize: { measure: 'log2(size)', cutoff: 6, toward95: -1 },
  oddAspectRatio: { measure: 'aspectRatio', cutoff: 0.35, toward95: -0.1 },
  grayscale: { measure: 'chromaP99', cutoff: 0.04, toward95: -0.02 },
} as const satisfies Record<keyof QualityScores, { measure: string; cutoff: number; toward95: number }>;

export function measureQuality(raster: Raster, meta: Pick<ImageMeta, 'width' | 'height'>): QualityMeasures {
  const stats = colourStats(raster);
  const edges = edgeWidth(luma(raster), raster.width, raster.height);
  const reference = Math.min(1, BLUR_REFERENCE_SIDE / Math.min(raster.width, raster.height));
  return {
    ...stats,
    edgeWidth: edges.width === null ? null : edges.width * reference,
    size: Math.sqrt(meta.width * meta.height),
    aspectRatio: Math.min(meta.width / meta.height, meta.height / meta.width),
  };
}

/** Maps measurements to confidences in [0, 1]; 0.5 sits on each documented cut-off. */
export function scoreQuality(m: QualityMeasures): QualityScores {
  const c = QUALITY_CALIBRATION;
  const score = (value: number, line: { cutoff: number; toward95: number }) =>
    confidence(value, line.cutoff, line.toward95);
  return {
    blur: m.edgeWidth === null ? 0 : score(Math.log(m.edgeWidth), c.blur),
    dark: score(m.brightnessP99, c.dark),
    bright: score(m.brightnessP5, c.bright),
    lowInformation: score(m.entropy, c.lowInformation),
    oddSize: score(Math.log2(Math.max(1, m.size)), c.oddSize),
    oddAspectRatio: score(m.aspectRatio, c.oddAspectRatio),
    grayscale: score(m.chromaP99, c.grayscale),
  };
}

/** All quality confidences of one image from its working raster (pure, a few milliseconds at 384 px). */
export function analyzeQuality(raster: Raster, meta: Pick<ImageMeta, 'width' | 'height'>): QualityScores {
  return scoreQuality(measureQuality(raster, meta));
}
