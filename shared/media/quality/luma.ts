import type { Raster } from '../types.ts';

/** One grey plane per raster: quality and the pixel hash both read it, so it is computed once. */
const cache = new WeakMap<Raster, Float32Array>();

/** Rec. 601 luma in 0..255, one float per pixel: the grey image every structural analyzer reads. */
export function luma(raster: Raster): Float32Array {
  let gray = cache.get(raster);
  if (!gray || gray.length !== raster.width * raster.height) {
    gray = computeLuma(raster);
    cache.set(raster, gray);
  }
  return gray;
}

function computeLuma(raster: Raster): Float32Array {
  const { data, width, height } = raster;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 3) {
    out[i] = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
  }
  return out;
}

/** Halves a grey image with a 2x2 box average (odd last row/column dropped). */
export function halve(
  gray: Float32Array,
  width: number,
  height: number,
): { gray: Float32Array; width: number; height: number } {
  const w = width >> 1;
  const h = height >> 1;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const a = 2 * y * width;
    const b = a + width;
    for (let x = 0; x < w; x++) {
      const i = 2 * x;
      out[y * w + x] = 0.25 * (gray[a + i] + gray[a + i + 1] + gray[b + i] + gray[b + i + 1]);
    }
  }
  return { gray: out, width: w, height: h };
}

/** Spread of the grey values, p1 to p99, from a 256-bin histogram. */
export function lumaRange(gray: Float32Array): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < gray.length; i++) histogram[Math.min(255, Math.max(0, Math.round(gray[i])))]++;
  const lowRank = 0.01 * gray.length;
  const highRank = 0.99 * gray.length;
  let seen = 0;
  let low = 0;
  let high = 255;
  for (let v = 0; v < 256; v++) {
    if (seen <= lowRank) low = v;
    seen += histogram[v];
    if (seen < highRank) high = v + 1;
  }
  return Math.max(0, high - low);
}
