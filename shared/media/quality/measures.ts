import type { ColourStats } from './stats.ts';

/** The raw measurements behind the scores, for reports and threshold tuning. */
export interface QualityMeasures extends ColourStats {
  entropy: number;
  /** Edge width in pixels at BLUR_REFERENCE_SIDE in the direction where edges are widest; null: no step edges. */
  edgeWidth: number | null;
  /** The same in the direction where they are narrowest (near edgeWidth for defocus, far below for motion). */
  edgeWidthAcross: number | null;
  /**
   * Fine detail left in the direction that has least (1 for a ramp, 4 for a sharp step): a motion streak
   * removes it along its path only, defocus everywhere. Null when nothing has structure.
   */
  sharpnessLeast: number | null;
  /** Gradient direction of the widest edges in degrees (0 = horizontal): a motion blur's direction. */
  blurDirection: number | null;
  /** Geometric mean side of the original, sqrt(width x height), in pixels. */
  size: number;
  /** min(width / height, height / width) of the original: 1 is square. */
  aspectRatio: number;
}
