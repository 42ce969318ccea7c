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
  brightnessP1: number;
  brightnessP5: number;
  brightnessP50: number;
  brightnessP95: number;
  brightnessP99: number;
  /** The 99.8th: lit windows or lamps in a night scene reach it even when they are under 1% of the frame. */
  brightnessP998: number;
  /** Median brightness of the pixels neither crushed nor blown: the exposure of the midtones, whatever the background. */
  midtoneMedian: number;
  /**
   * The same below near-white (0.03 to 0.85): on a white or near-white background, the subject's exposure.
   * Over-exposure lifts it too; a white sweep behind a well-exposed subject does not.
   */
  subjectMedian: number;
  /** Share of pixels just above black (0.03 to 0.12) and just below white (0.85 to 0.97): where exposure errors pile up. */
  nearShadow: number;
  nearHighlight: number;
  /** Share of pixels crushed to black (brightness <= 0.03) and blown to white (>= 0.97). */
  shadowClip: number;
  highlightClip: number;
  /** Share of pixels with at least one channel blown (>= 0.97): a camera's RGB histogram against its right wall. */
  channelClip: number;
  /**
   * 1st percentile of each pixel's lowest channel, min(R,G,B) / 255: the black point. A white or grey veil lifts
   * it everywhere; a light scene with any saturated colour keeps it near 0, since such a colour lacks a channel.
   */
  blackPoint: number;
  /**
   * 99th percentile of each pixel's highest channel, max(R,G,B) / 255: how close the exposure came to clipping.
   * A saturated blue at full exposure has a perceived brightness under 0.4 but a channel near 1: it is not dark.
   */
  valueP99: number;
  /**
   * Rims of blown areas (runs of 3+ blown pixels on a row that meet a pixel below 0.88), per pixel. Highlights clipped inside
   * detail (skin, foliage, clouds) leave many rims; a clean white backdrop behind a subject leaves one outline.
   */
  blownRim: number;
  /** Shannon entropy (bits) of the 768-bin R|G|B histogram, as PIL's Image.entropy() computes it for RGB. */
  entropy: number;
  /** 99th and 99.9th percentiles of per-pixel chroma (max(R,G,B) - min(R,G,B)) / 255. */
  chromaP99: number;
  chromaP999: number;
}

/** One pass over the pixels fills every histogram the colour-based scores need. */
export function colourStats(raster: Raster): ColourStats {
  const { data } = raster;
  const brightness = brightnessScratch.fill(0);
  const chroma = new Uint32Array(256);
  const value = new Uint32Array(256);
  const lowest = new Uint32Array(256);
  const channels = new Uint32Array(768);
  const rowLength = 3 * raster.width;
  const rims = new BlownRims();
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
    value[max]++;
    lowest[min]++;
    if (p % rowLength === 0) rims.newRow();
    rims.add(max);
    channels[r]++;
    channels[256 + g]++;
    channels[512 + b]++;
  }
  const pixels = data.length / 3;
  const levels = quantiles(brightness, pixels, [0.01, 0.05, 0.5, 0.95, 0.99, 0.998]).map(
    (q) => Math.sqrt(q) / 255,
  );
  const [p1, p5, p50, p95, p99, p998] = levels;
  return {
    brightnessP1: p1,
    brightnessP5: p5,
    brightnessP50: p50,
    brightnessP95: p95,
    brightnessP99: p99,
    brightnessP998: p998,
    midtoneMedian: medianBetween(brightness, CRUSHED_BIN, BLOWN_BIN),
    subjectMedian: medianBetween(brightness, CRUSHED_BIN, NEAR_HIGHLIGHT_BIN),
    nearShadow: (shareBelow(brightness, NEAR_SHADOW_BIN) - shareBelow(brightness, CRUSHED_BIN)) / pixels,
    nearHighlight: (shareBelow(brightness, BLOWN_BIN) - shareBelow(brightness, NEAR_HIGHLIGHT_BIN)) / pixels,
    shadowClip: shareBelow(brightness, CRUSHED_BIN) / pixels,
    highlightClip: 1 - shareBelow(brightness, BLOWN_BIN) / pixels,
    channelClip: 1 - shareBelow(value, BLOWN_VALUE) / pixels,
    blackPoint: quantiles(lowest, pixels, [0.01])[0] / 255,
    valueP99: quantiles(value, pixels, [0.99])[0] / 255,
    blownRim: rims.count() / pixels,
    entropy: entropy(channels),
    ...chromaQuantiles(chroma, pixels),
  };
}

/**
 * Counts the ends of blown runs along rows that meet detail (a pixel below DETAIL_VALUE), for runs of at least
 * MIN_BLOWN_RUN pixels: blown areas, not single grain specks at white.
 */
class BlownRims {
  private run = 0;
  private startsAtDetail = false;
  private leftIsDetail = false;
  private rims = 0;

  add(max: number): void {
    const isDetail = max < DETAIL_VALUE;
    if (max >= BLOWN_VALUE) {
      if (this.run === 0) this.startsAtDetail = this.leftIsDetail;
      this.run++;
    } else this.endRun(isDetail);
    this.leftIsDetail = isDetail;
  }

  newRow(): void {
    this.endRun(false);
    this.leftIsDetail = false;
  }

  count(): number {
    this.endRun(false);
    return this.rims;
  }

  private endRun(atDetail: boolean): void {
    if (this.run >= MIN_BLOWN_RUN) this.rims += (this.startsAtDetail ? 1 : 0) + (atDetail ? 1 : 0);
    this.run = 0;
  }
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

function chromaQuantiles(chroma: Uint32Array, pixels: number): { chromaP99: number; chromaP999: number } {
  const [p99, p999] = quantiles(chroma, pixels, [0.99, 0.999]);
  return { chromaP99: p99 / 255, chromaP999: p999 / 255 };
}

const CRUSHED_BIN = Math.round((0.03 * 255) ** 2);
const BLOWN_BIN = Math.round((0.97 * 255) ** 2);
const BLOWN_VALUE = Math.ceil(0.97 * 255);
/** Below this (0.88) a neighbour of a blown pixel still holds detail: the step is an edge, not grain. */
const DETAIL_VALUE = Math.round(0.88 * 255);
const MIN_BLOWN_RUN = 3;
const NEAR_SHADOW_BIN = Math.round((0.12 * 255) ** 2);
const NEAR_HIGHLIGHT_BIN = Math.round((0.85 * 255) ** 2);

/** Median brightness of the pixels with bins in [low, high); 0 or 1 when there are none (by which side holds them). */
function medianBetween(brightness: Uint32Array, low: number, high: number): number {
  const inside = shareBelow(brightness, high) - shareBelow(brightness, low);
  if (inside === 0) return shareBelow(brightness, low) > 0 ? 0 : 1;
  let seen = 0;
  for (let bin = low; bin < high; bin++) {
    seen += brightness[bin];
    if (seen >= inside / 2) return Math.sqrt(bin) / 255;
  }
  return Math.sqrt(high) / 255;
}

/** Pixels whose bin is below `bin`. */
function shareBelow(histogram: Uint32Array, bin: number): number {
  let count = 0;
  for (let i = 0; i < bin && i < histogram.length; i++) count += histogram[i];
  return count;
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
