import { type Grey, mirror, sample } from './grey.ts';
import type { Transform } from './transform.ts';

/** Content scales tried between two copies (B pixels per A pixel at equal longest sides): crops to ~50% area and borders. */
const SCALES = geometric(0.55, 1.85, 1.07);
/** The larger of the two coverages must reach this (one picture lies inside the other), the smaller this. */
export const COVER_INSIDE = 0.85;
export const COVER_OTHER = 0.45;

export interface Hypothesis {
  transform: Transform;
  ncc: number;
}

/**
 * Exhaustive coarse search over mirror x scale x integer shift for the placement of B over A that correlates
 * best, keeping only placements where one picture lies (almost) inside the other: a crop, a border, a letterbox.
 * Returns the best `keep` placements, at most one per scale and mirror.
 */
export function coarseSearch(a: Grey, b: Grey, keep = 3): Hypothesis[] {
  const found: Hypothesis[] = [];
  for (const flipped of [false, true]) {
    const base = flipped ? mirror(a) : a;
    for (const scale of SCALES) {
      const best = bestShift(base, b, scale);
      if (best)
        found.push({ transform: { flipped, scale, rotation: 0, dx: best.dx, dy: best.dy }, ncc: best.ncc });
    }
  }
  return found.sort((x, y) => y.ncc - x.ncc).slice(0, keep);
}

function bestShift(a: Grey, b: Grey, scale: number): { dx: number; dy: number; ncc: number } | undefined {
  const w = Math.floor(b.width / scale);
  const h = Math.floor(b.height / scale);
  if (w < 4 || h < 4) return undefined;
  const resized = new Float32Array(w * h);
  for (let v = 0; v < h; v++)
    for (let u = 0; u < w; u++) resized[v * w + u] = sample(b, u * scale, v * scale);
  const slackX = Math.ceil((1 - COVER_INSIDE) * Math.min(a.width, w));
  const slackY = Math.ceil((1 - COVER_INSIDE) * Math.min(a.height, h));
  let best: { dx: number; dy: number; ncc: number } | undefined;
  for (let oy = Math.min(0, a.height - h) - slackY; oy <= Math.max(0, a.height - h) + slackY; oy++) {
    for (let ox = Math.min(0, a.width - w) - slackX; ox <= Math.max(0, a.width - w) + slackX; ox++) {
      const x0 = Math.max(0, ox);
      const y0 = Math.max(0, oy);
      const x1 = Math.min(a.width, ox + w);
      const y1 = Math.min(a.height, oy + h);
      const area = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
      const coverA = area / (a.width * a.height);
      const coverB = area / (w * h);
      if (Math.max(coverA, coverB) < COVER_INSIDE || Math.min(coverA, coverB) < COVER_OTHER) continue;
      const ncc = rectNcc(a, resized, w, ox, oy, x0, y0, x1, y1);
      // A pixel of A at x maps to B at scale * (x - ox); as a shift from centre to centre (transform.ts):
      const dx = scale * ((a.width - 1) / 2 - ox) - (b.width - 1) / 2;
      const dy = scale * ((a.height - 1) / 2 - oy) - (b.height - 1) / 2;
      if (!best || ncc > best.ncc) best = { dx, dy, ncc };
    }
  }
  return best;
}

function rectNcc(
  a: Grey,
  b: Float32Array,
  bw: number,
  ox: number,
  oy: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let y = y0; y < y1; y++) {
    const ra = y * a.width;
    const rb = (y - oy) * bw - ox;
    for (let x = x0; x < x1; x++) {
      const p = a.data[ra + x];
      const q = b[rb + x];
      sa += p;
      sb += q;
      saa += p * p;
      sbb += q * q;
      sab += p * q;
      n++;
    }
  }
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  return va > 1e-9 && vb > 1e-9 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : -1;
}

function geometric(from: number, to: number, ratio: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to * 1.0001; s *= ratio) out.push(s);
  return out;
}
