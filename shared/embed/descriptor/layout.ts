/**
 * Colour layout (after MPEG-7's Colour Layout Descriptor): a plane averaged onto an 8 x 8 grid, then its
 * lowest 2-D DCT frequencies. Dropping the high frequencies is what makes it tolerant of crops and shifts:
 * a 15% shift barely moves the coarse shape of the picture.
 */

const N = 8;
const COS = (() => {
  const t = new Float32Array(N * N);
  for (let u = 0; u < N; u++) {
    const c = u === 0 ? Math.sqrt(1 / N) : Math.sqrt(2 / N);
    for (let x = 0; x < N; x++) t[u * N + x] = c * Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  }
  return t;
})();

/** Averages a square plane onto 8 x 8 blocks. */
export function blocks8(plane: Float32Array, size: number): Float32Array {
  const out = new Float32Array(N * N);
  const step = size / N;
  for (let y = 0; y < size; y++) {
    const row = Math.floor(y / step) * N;
    for (let x = 0; x < size; x++) out[row + Math.floor(x / step)] += plane[y * size + x];
  }
  for (let i = 0; i < out.length; i++) out[i] /= step * step;
  return out;
}

/** Orthonormal DCT-II of an 8 x 8 block, returning coefficients with u + v <= maxFreq (low frequencies first). */
export function lowDct(block: Float32Array, maxFreq: number, skipDc: boolean): Float32Array {
  const out: number[] = [];
  for (let s = skipDc ? 1 : 0; s <= maxFreq; s++) {
    for (let u = 0; u <= s; u++) {
      const v = s - u;
      if (u >= N || v >= N) continue;
      let sum = 0;
      for (let y = 0; y < N; y++) {
        let row = 0;
        for (let x = 0; x < N; x++) row += block[y * N + x] * COS[u * N + x];
        sum += row * COS[v * N + y];
      }
      out.push(sum);
    }
  }
  return Float32Array.from(out);
}
