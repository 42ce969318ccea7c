/**
 * Chroma histograms with soft (bilinear) binning, one per quadrant of the picture: coarse enough that an
 * off-centre crop keeps most of each quadrant's palette, fine enough that two photos with the same palette
 * in different places still differ.
 */

/** Soft 2-D histogram of chroma (Oklab a, b) on a `bins` x `bins` grid spanning +-range, per region. */
export function chromaHistograms(
  a: Float32Array,
  b: Float32Array,
  size: number,
  bins: number,
  range: number,
  grid: number,
): Float32Array {
  const out = new Float32Array(grid * grid * bins * bins);
  const scale = (bins - 1) / (2 * range);
  for (let y = 0; y < size; y++) {
    const gy = Math.floor((y * grid) / size);
    for (let x = 0; x < size; x++) {
      const p = y * size + x;
      const base = (gy * grid + Math.floor((x * grid) / size)) * bins * bins;
      const fa = clamp((a[p] + range) * scale, bins - 1);
      const fb = clamp((b[p] + range) * scale, bins - 1);
      const a0 = Math.min(Math.floor(fa), bins - 2);
      const b0 = Math.min(Math.floor(fb), bins - 2);
      const wa = fa - a0;
      const wb = fb - b0;
      out[base + a0 * bins + b0] += (1 - wa) * (1 - wb);
      out[base + (a0 + 1) * bins + b0] += wa * (1 - wb);
      out[base + a0 * bins + b0 + 1] += (1 - wa) * wb;
      out[base + (a0 + 1) * bins + b0 + 1] += wa * wb;
    }
  }
  return out;
}

function clamp(f: number, max: number): number {
  return Math.min(Math.max(f, 0), max);
}
