/**
 * Area resampling of interleaved 8-bit RGB to a fixed grid. Each output pixel is the exact average of the
 * source area it covers, so the result barely depends on the input size: a half-size copy of a photo lands
 * on (almost) the same grid values as the original, and blur or JPEG noise below the grid spacing averages out.
 */

/** For each output index, the source indices it covers and their weights (summing to 1), in CSR form. */
interface Taps {
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

function areaTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const start = new Int32Array(outSize + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let o = 0; o < outSize; o++) {
    start[o] = index.length;
    const lo = o * scale;
    const hi = lo + scale;
    for (let i = Math.floor(lo); i < Math.min(Math.ceil(hi), inSize); i++) {
      const cover = Math.min(hi, i + 1) - Math.max(lo, i);
      if (cover <= 0) continue;
      index.push(i);
      weight.push(cover / scale);
    }
  }
  start[outSize] = index.length;
  return { start, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}

/**
 * Resamples RGB bytes (width x height) to `size` x `size` planar floats: [R plane, G plane, B plane], each
 * byte mapped through `lut` first (so averaging can happen in linear light). Rows are resampled one at a time
 * and added into the output rows they cover, so memory is the output plus one row, whatever the height.
 */
export function resampleRgb(
  data: Uint8Array,
  width: number,
  height: number,
  size: number,
  lut: Float32Array,
): Float32Array {
  const tx = areaTaps(width, size);
  const ty = areaTaps(height, size);
  const plane = size * size;
  const out = new Float32Array(plane * 3);
  const row = new Float32Array(size * 3);
  for (let o = 0; o < size; o++) {
    for (let t = ty.start[o]; t < ty.start[o + 1]; t++) {
      resampleRow(data, ty.index[t] * width * 3, tx, lut, row);
      const w = ty.weight[t];
      for (let x = 0; x < size; x++) {
        const q = o * size + x;
        out[q] += row[x * 3] * w;
        out[plane + q] += row[x * 3 + 1] * w;
        out[2 * plane + q] += row[x * 3 + 2] * w;
      }
    }
  }
  return out;
}

/** One source row (starting at byte `src`) to `size` RGB triples. */
function resampleRow(data: Uint8Array, src: number, taps: Taps, lut: Float32Array, row: Float32Array): void {
  const { start, index, weight } = taps;
  let t = 0;
  for (let o = 0, dst = 0; o < start.length - 1; o++) {
    let r = 0;
    let g = 0;
    let b = 0;
    for (const end = start[o + 1]; t < end; t++) {
      const p = src + index[t] * 3;
      const w = weight[t];
      r += lut[data[p]] * w;
      g += lut[data[p + 1]] * w;
      b += lut[data[p + 2]] * w;
    }
    row[dst++] = r;
    row[dst++] = g;
    row[dst++] = b;
  }
}

/** Halves a square plane by averaging 2x2 blocks. */
export function halve(plane: Float32Array, size: number): Float32Array {
  const half = size >> 1;
  const out = new Float32Array(half * half);
  for (let y = 0; y < half; y++) {
    for (let x = 0; x < half; x++) {
      const p = 2 * y * size + 2 * x;
      out[y * half + x] = 0.25 * (plane[p] + plane[p + 1] + plane[p + size] + plane[p + size + 1]);
    }
  }
  return out;
}
