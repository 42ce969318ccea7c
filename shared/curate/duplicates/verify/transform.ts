import { type Grey, sample } from './grey.ts';

/**
 * Where a pixel of picture A lands in picture B: pB = cB + shift + scale * R(rotation) * (pA' - cA), with pA' the
 * pixel mirrored when `flipped` and cA, cB the two centres, in pixels of the level both pictures are drawn at
 * (each at the same longest side). Rotating about the centre keeps rotation and shift apart when refining; scale
 * and rotation do not depend on the level, the shift scales with it.
 */
export interface Transform {
  flipped: boolean;
  /** B pixels per A pixel. */
  scale: number;
  /** Radians. */
  rotation: number;
  dx: number;
  dy: number;
}

export function atLevel(t: Transform, factor: number): Transform {
  return { ...t, dx: t.dx * factor, dy: t.dy * factor };
}

/** B's value under each pixel of A (NaN where A's pixel falls outside B). */
export function warp(a: Grey, b: Grey, t: Transform): Float32Array {
  const out = new Float32Array(a.width * a.height);
  const cos = Math.cos(t.rotation) * t.scale;
  const sin = Math.sin(t.rotation) * t.scale;
  const [ax, ay] = [(a.width - 1) / 2, (a.height - 1) / 2];
  const bx = (b.width - 1) / 2 + t.dx;
  const by = (b.height - 1) / 2 + t.dy;
  for (let y = 0; y < a.height; y++) {
    const v = y - ay;
    for (let x = 0; x < a.width; x++) {
      const u = (t.flipped ? a.width - 1 - x : x) - ax;
      out[y * a.width + x] = sample(b, bx + cos * u - sin * v, by + sin * u + cos * v);
    }
  }
  return out;
}

/** Pearson correlation of A and the warped B over the pixels both cover, and the share of A they cover. */
export function correlate(a: Grey, warped: Float32Array): { ncc: number; covered: number } {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < warped.length; i++) {
    const v = warped[i];
    if (Number.isNaN(v)) continue;
    n++;
    sa += a.data[i];
    sb += v;
  }
  if (n < 16) return { ncc: -1, covered: n / warped.length };
  const ma = sa / n;
  const mb = sb / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < warped.length; i++) {
    const v = warped[i];
    if (Number.isNaN(v)) continue;
    const p = a.data[i] - ma;
    const q = v - mb;
    ab += p * q;
    aa += p * p;
    bb += q * q;
  }
  const ncc = aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : -1;
  return { ncc, covered: n / warped.length };
}
