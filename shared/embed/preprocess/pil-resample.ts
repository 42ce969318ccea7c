import type { Raster } from '../../media/types.ts';

/**
 * PIL's Image.resize(BICUBIC) for 8-bit RGB, ported step for step (libImaging/Resample.c): Keys cubic with
 * a = -0.5, support widened by the scale when reducing, coefficients normalised then fixed-point with 22 bits,
 * horizontal pass then vertical, each rounded and clipped to 8 bits. Used where libvips differs from PIL
 * (enlarging: libvips samples half a pixel away), so small images reach the model as the reference sees them.
 */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const SUPPORT = 2;

function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

interface Coefficients {
  bounds: Int32Array;
  weights: Int32Array;
  size: number;
}

function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = SUPPORT * filterScale;
  const size = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * size);
  const k = new Float64Array(size);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const count = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let x = 0; x < count; x++) {
      k[x] = bicubic((x + xmin - center + 0.5) / filterScale);
      total += k[x];
    }
    for (let x = 0; x < count; x++) {
      const w = total === 0 ? k[x] : k[x] / total;
      weights[xx * size + x] = Math.trunc(w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = count;
  }
  return { bounds, weights, size };
}

function clip8(value: number): number {
  if (value <= 0) return 0;
  return Math.min(255, Math.floor(value / ONE));
}

export function pilResize(raster: Raster, width: number, height: number): Raster {
  const { data, width: inWidth, height: inHeight } = raster;
  const horizontal = coefficients(inWidth, width);
  const rows = new Uint8Array(width * inHeight * 3);
  for (let y = 0; y < inHeight; y++) {
    for (let xx = 0; xx < width; xx++) {
      const xmin = horizontal.bounds[xx * 2];
      const count = horizontal.bounds[xx * 2 + 1];
      const base = xx * horizontal.size;
      for (let c = 0; c < 3; c++) {
        let sum = ONE / 2;
        for (let x = 0; x < count; x++)
          sum += data[(y * inWidth + xmin + x) * 3 + c] * horizontal.weights[base + x];
        rows[(y * width + xx) * 3 + c] = clip8(sum);
      }
    }
  }
  const vertical = coefficients(inHeight, height);
  const out = new Uint8Array(width * height * 3);
  for (let yy = 0; yy < height; yy++) {
    const ymin = vertical.bounds[yy * 2];
    const count = vertical.bounds[yy * 2 + 1];
    const base = yy * vertical.size;
    for (let x = 0; x < width * 3; x++) {
      let sum = ONE / 2;
      for (let y = 0; y < count; y++) sum += rows[(ymin + y) * width * 3 + x] * vertical.weights[base + y];
      out[yy * width * 3 + x] = clip8(sum);
    }
  }
  return { data: out, width, height };
}
