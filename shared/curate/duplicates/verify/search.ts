import { type Grey, sample } from './grey.ts';
import type { Transform } from './transform.ts';

/** Content scales tried between two copies (B pixels per A pixel at equal longest sides): crops to ~50% area and borders. */
const SCALES = geometric(0.55, 1.85, 1.07);
/** The larger of the two coverages must reach this (one picture lies inside the other), the smaller this. */
export const COVER_INSIDE = 0.85;
export const COVER_OTHER = 0.45;
/** Placements found at the tiny level that are searched again, locally, at the coarse level. */
const SEEDS = 6;
/** Shift, in coarse pixels, searched either side of a seed's (a tiny pixel is about two coarse ones). */
const REACH = 2;

export interface Hypothesis {
  transform: Transform;
  ncc: number;
}

/** The two search levels of a picture and their mirror images, built once per picture (verify.ts). */
export interface SearchLevels {
  coarse: Grey;
  coarseMirrored: Grey;
  tiny: Grey;
  tinyMirrored: Grey;
}

interface Placement {
  flipped: boolean;
  scaleIndex: number;
  /** Where B's top-left pixel lands in A, at the level searched. */
  ox: number;
  oy: number;
  ncc: number;
}

/**
 * The placements of B over A that correlate best, over mirror x scale x integer shift, keeping only placements
 * where one picture lies (almost) inside the other: a crop, a border, a letterbox. Coarse to fine: every mirror
 * and scale at the tiny level (half the side: a sixteenth of the work), then the best SEEDS of them again at the
 * coarse level, each at its scale and the two next to it, within REACH pixels of its shift. `exhaustive` searches
 * every placement at the coarse level instead (the previous release; `npm run bench -- duplicates` compares both).
 * Returns the best `keep` placements, at most one per scale and mirror, in coarse-level pixels.
 */
export function coarseSearch(a: SearchLevels, b: SearchLevels, keep = 3, exhaustive = false): Hypothesis[] {
  const found = exhaustive ? everyPlacement(a, b) : seededPlacements(a, b);
  return found
    .sort((x, y) => y.ncc - x.ncc)
    .slice(0, keep)
    .map((p) => ({ transform: transformOf(p, a.coarse, b.coarse), ncc: p.ncc }));
}

function everyPlacement(a: SearchLevels, b: SearchLevels): Placement[] {
  const found: Placement[] = [];
  for (const flipped of [false, true]) {
    const base = flipped ? a.coarseMirrored : a.coarse;
    for (let s = 0; s < SCALES.length; s++) {
      const best = bestShift(base, b.coarse, s);
      if (best) found.push({ flipped, scaleIndex: s, ...best });
    }
  }
  return found;
}

function seededPlacements(a: SearchLevels, b: SearchLevels): Placement[] {
  const seeds: Placement[] = [];
  for (const flipped of [false, true]) {
    const base = flipped ? a.tinyMirrored : a.tiny;
    for (let s = 0; s < SCALES.length; s++) {
      const best = bestShift(base, b.tiny, s);
      if (best) seeds.push({ flipped, scaleIndex: s, ...best });
    }
  }
  seeds.sort((x, y) => y.ncc - x.ncc);
  const fx = a.coarse.width / a.tiny.width;
  const fy = a.coarse.height / a.tiny.height;
  const best = new Map<number, Placement>();
  for (const seed of seeds.slice(0, SEEDS)) {
    const base = seed.flipped ? a.coarseMirrored : a.coarse;
    for (
      let s = Math.max(0, seed.scaleIndex - 1);
      s <= Math.min(SCALES.length - 1, seed.scaleIndex + 1);
      s++
    ) {
      const window = { x: Math.round(seed.ox * fx), y: Math.round(seed.oy * fy), reach: REACH };
      const found = bestShift(base, b.coarse, s, window);
      const key = Number(seed.flipped) * SCALES.length + s;
      const known = best.get(key);
      if (found && (!known || found.ncc > known.ncc))
        best.set(key, { flipped: seed.flipped, scaleIndex: s, ...found });
    }
  }
  return [...best.values()];
}

/** A pixel of A at x maps to B at scale * (x - ox); as a shift from centre to centre (transform.ts). */
function transformOf(p: Placement, a: Grey, b: Grey): Transform {
  const scale = SCALES[p.scaleIndex];
  return {
    flipped: p.flipped,
    scale,
    rotation: 0,
    dx: scale * ((a.width - 1) / 2 - p.ox) - (b.width - 1) / 2,
    dy: scale * ((a.height - 1) / 2 - p.oy) - (b.height - 1) / 2,
  };
}

/** The integer shift of B (resized by the scale) over A that correlates best, optionally within a window. */
function bestShift(
  a: Grey,
  b: Grey,
  scaleIndex: number,
  window?: { x: number; y: number; reach: number },
): { ox: number; oy: number; ncc: number } | undefined {
  const scale = SCALES[scaleIndex];
  const w = Math.floor(b.width / scale);
  const h = Math.floor(b.height / scale);
  if (w < 4 || h < 4) return undefined;
  const resized = new Float32Array(w * h);
  for (let v = 0; v < h; v++)
    for (let u = 0; u < w; u++) resized[v * w + u] = sample(b, u * scale, v * scale);
  const slackX = Math.ceil((1 - COVER_INSIDE) * Math.min(a.width, w));
  const slackY = Math.ceil((1 - COVER_INSIDE) * Math.min(a.height, h));
  let [fromX, toX] = [Math.min(0, a.width - w) - slackX, Math.max(0, a.width - w) + slackX];
  let [fromY, toY] = [Math.min(0, a.height - h) - slackY, Math.max(0, a.height - h) + slackY];
  if (window) {
    [fromX, toX] = [Math.max(fromX, window.x - window.reach), Math.min(toX, window.x + window.reach)];
    [fromY, toY] = [Math.max(fromY, window.y - window.reach), Math.min(toY, window.y + window.reach)];
  }
  let best: { ox: number; oy: number; ncc: number } | undefined;
  for (let oy = fromY; oy <= toY; oy++) {
    for (let ox = fromX; ox <= toX; ox++) {
      const x0 = Math.max(0, ox);
      const y0 = Math.max(0, oy);
      const x1 = Math.min(a.width, ox + w);
      const y1 = Math.min(a.height, oy + h);
      const area = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
      const coverA = area / (a.width * a.height);
      const coverB = area / (w * h);
      if (Math.max(coverA, coverB) < COVER_INSIDE || Math.min(coverA, coverB) < COVER_OTHER) continue;
      const ncc = rectNcc(a, resized, w, ox, oy, x0, y0, x1, y1);
      if (!best || ncc > best.ncc) best = { ox, oy, ncc };
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
