/** Per-pixel votes that pool.ts turns into spatial histograms. */
import { emptyVotes, softBin, type Votes } from './pool.ts';

/**
 * Edge orientation (HOG-like): each pixel's gradient votes with its magnitude for the two nearest of `bins`
 * unsigned orientations, so an edge and its contrast-reversed twin vote alike.
 */
export function orientationVotes(plane: Float32Array, size: number, bins: number): Votes {
  const votes = emptyVotes(size * size);
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const p = y * size + x;
      const gx = plane[p + 1] - plane[p - 1];
      const gy = plane[p + size] - plane[p - size];
      const mag = Math.sqrt(gx * gx + gy * gy);
      if (mag === 0) continue;
      let theta = Math.atan2(gy, gx);
      if (theta < 0) theta += Math.PI;
      softBin(votes, p, (theta / Math.PI) * bins - 0.5, bins, mag, true);
    }
  }
  return votes;
}

/** Tone: each pixel votes for its lightness (a z-score) on `bins` bins spanning [lo, hi]. */
export function toneVotes(plane: Float32Array, size: number, bins: number, lo: number, hi: number): Votes {
  const votes = emptyVotes(size * size);
  const scale = (bins - 1) / (hi - lo);
  for (let p = 0; p < size * size; p++) softBin(votes, p, (plane[p] - lo) * scale, bins, 1, false);
  return votes;
}

/**
 * Hue: each pixel votes for its hue angle in the Oklab a-b plane, weighted by its chroma, so grey pixels
 * barely vote. Scaling every pixel's chroma (exposure, saturation, haze) scales all votes alike.
 */
export function hueVotes(a: Float32Array, b: Float32Array, size: number, bins: number): Votes {
  const votes = emptyVotes(size * size);
  for (let p = 0; p < size * size; p++) {
    const chroma = Math.sqrt(a[p] * a[p] + b[p] * b[p]);
    if (chroma === 0) continue;
    let hue = Math.atan2(b[p], a[p]);
    if (hue < 0) hue += 2 * Math.PI;
    softBin(votes, p, (hue / (2 * Math.PI)) * bins, bins, chroma, true);
  }
  return votes;
}
