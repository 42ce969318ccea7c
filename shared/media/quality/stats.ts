import type { Raster } from '../types.ts';

/** Brightness is binned by 255^2 * b^2 (integer 0..65025): monotone in b, so its percentiles are b's, squared. */
const BRIGHTNESS_BINS = 65026;
const RED = Float64Array.from({ length: 256 }, (_, v) => 0.241 * v * v);
const GREEN = Float64Array.from({ length: 256 }, (_, v) => 0.691 * v * v);
const BLUE = Float64Array.from({ length: 256 }, (_, v) => 0.068 * v * v);

/** Reused between calls (they are synchronous): a fresh 260 kB histogram per image is mostly garbage to collect. */
const brightnessScratch = new Uint32Array(BRIGHTNESS_BINS);

export interface ColourStats {
  /** Percentiles of perceived brightness sqrt(.241R^2 + .691G^2 + .068B^2) / 255, in [0, 1]. */
  brightnessP5: number;
  brightnessP99: number;
  /** Shannon entropy (bits) of the 768-bin R|G|B histogram, as PIL's Image.entropy() computes it for RGB. */
  entropy: number;
  /** 99th percentile of per-pixel chroma (max(R,G,B) - min(R,G,B)) / 255. */
  chromaP99: number;
}

/** One pass over the pixels fills every histogram the colour-based scores need. */
export function colourStats(raster: Raster): ColourStats {
  const { data } = raster;
  const brightness = brightnessScratch.fill(0);
  const chroma = new Uint32Array(256);
  const channels = new Uint32Array(768);
  for (let p = 0; p < data.length; p += 3) {
    const r = data[p];
    const g = data[p + 1];
    const b = data[p + 2];
    brightness[(RED[r] + GREEN[g] + BLUE[b] + 0.5) | 0]++;
    // Plain comparisons: Math.max/min with three arguments cost a third of this loop's time.
    // biome-ignore lint/complexity/useMathMinMax: hot loop, see above
    let max = r > g ? r : g;
    if (b > max) max = b;
    // biome-ignore lint/complexity/useMathMinMax: hot loop, see above
    let min = r < g ? r : g;
    if (b < min) min = b;
    chroma[max - min]++;
    channels[r]++;
    channels[256 + g]++;
    channels[512 + b]++;
  }
  const pixels = data.length / 3;
  const [p5, p99] = quantiles(brightness, pixels, [0.05, 0.99]);
  return {
    brightnessP5: Math.sqrt(p5) / 255,
    brightnessP99: Math.sqrt(p99) / 255,
    entropy: entropy(channels),
    chromaP99: quantiles(chroma, pixels, [0.99])[0] / 255,
  };
}

/** Bins holding the given quantiles (ascending), interpolated between order statistics like numpy's default. */
function quantiles(histogram: Uint32Array, total: number, qs: number[]): number[] {
  const ranks = qs.flatMap((q) => [Math.floor(q * (total - 1)), Math.ceil(q * (total - 1))]);
  const bins: number[] = [];
  let seen = 0;
  for (let bin = 0; bin < histogram.length && bins.length < ranks.length; bin++) {
    seen += histogram[bin];
    while (bins.length < ranks.length && seen > ranks[bins.length]) bins.push(bin);
  }
  return qs.map((q, i) => {
    const rank = q * (total - 1);
    const lower = bins[2 * i] ?? 0;
    const upper = bins[2 * i + 1] ?? lower;
    return lower + (upper - lower) * (rank - Math.floor(rank));
  });
}

function entropy(histogram: Uint32Array): number {
  let total = 0;
  for (const count of histogram) total += count;
  let bits = 0;
  for (const count of histogram) {
    if (count === 0) continue;
    const p = count / total;
    bits -= p * Math.log2(p);
  }
  return bits;
}
