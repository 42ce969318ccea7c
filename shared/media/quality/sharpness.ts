import { lumaRange } from './luma.ts';

/** Neighbour steps of the directions told apart (0, 45, 90, 135 degrees): a streak blurs along one of them. */
const STEPS: readonly [number, number][] = [
  [1, 0],
  [1, 1],
  [0, 1],
  [-1, 1],
];
/** Half the span of the coarse difference, in steps: structure 2 * SPAN wide is what blur must leave. */
const SPAN = 2;
/** Least coarse rise that counts as structure, as a share of the p1-p99 luma range: invariant to exposure. */
const RELATIVE_CONTRAST = 0.08;
/** ...but never below this many grey levels, so JPEG noise in a dark image is not structure. */
const MIN_CONTRAST = 6;
/** Least structured pixels a direction needs to be judged: a direction with less has no evidence. */
const MIN_PIXELS = 64;

/**
 * How much fine detail survives in the direction that has least of it: along each direction, the energy of
 * one-step differences over that of 2 * SPAN-step differences, at pixels where the coarse difference shows
 * structure, scaled so that a ramp (every step alike: all fine detail gone) measures 1 and a sharp step 2 * SPAN.
 * A ratio within one direction, it does not care how much structure a direction has: a picture of sharp
 * horizontal lines is sharp across them and has no say along them. A motion streak removes the fine detail along
 * its path only, so the least direction finds it even where the edges across the path stay sharp; defocus
 * removes it in every direction. Null when no direction has structure.
 */
export function leastSharpness(gray: Float32Array, width: number, height: number): number | null {
  const tau = Math.max(MIN_CONTRAST, RELATIVE_CONTRAST * lumaRange(gray));
  const margin = SPAN + 1;
  let least: number | null = null;
  for (const [sx, sy] of STEPS) {
    const u = sy * width + sx;
    const far = SPAN * u;
    let fine = 0;
    let coarse = 0;
    let pixels = 0;
    for (let y = margin; y < height - margin; y++) {
      for (let i = y * width + margin, end = y * width + width - margin; i < end; i++) {
        const b = gray[i + far] - gray[i - far];
        if (b < tau && b > -tau) continue;
        const a = gray[i + u] - gray[i];
        fine += a * a;
        coarse += b * b;
        pixels++;
      }
    }
    if (pixels < MIN_PIXELS) continue;
    const ratio = (4 * SPAN * SPAN * fine) / coarse;
    if (least === null || ratio < least) least = ratio;
  }
  return least;
}
