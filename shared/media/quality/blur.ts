import { halve } from './luma.ts';

/** Profile half-length (pixels) inside which an edge must complete its rise; twice this proves it stopped. */
const RADIUS = 4;
/** Least rise (grey levels of 255) across an edge for it to count as one. */
const MIN_CONTRAST = 20;
/** Share of the rise over 2*RADIUS that must already happen within RADIUS: separates steps from ramps. */
const SATURATION = 0.8;
/** Coarsest level the pyramid descends to, by shortest side. */
const MIN_LEVEL_SIDE = 24;
/** Deepest level (4x smaller): edges wider than ~30 px at the working size are no longer told from smooth shading. */
const MAX_LEVEL = 2;
/** Edges measured per level at most: beyond this the estimate is stable and the cost is not. */
const MAX_PROFILES = 1500;
/** Rows scanned for edges: every second one. */
const ROW_STEP = 2;
/** The quantile of edge widths reported: the sharper edges decide, so a sharp subject on a soft background passes. */
const QUANTILE = 0.25;

export interface EdgeWidth {
  /** Typical edge width in pixels of the analysed image (about 1 when sharp, 2.5 x sigma for a Gaussian blur); null without step edges. */
  width: number | null;
  /** Step edges found at the level used (estimated from a sample on busy images). */
  edges: number;
  /** Pyramid level the width came from (0 = the image itself). */
  level: number;
}

/**
 * Estimates how wide edges are: blur widens every step, whatever the contrast.
 * Works down a 2x pyramid and uses the finest level with enough step edges, so a heavy blur (edges wider than the
 * profile) is measured where it fits. Ramps (sky gradients) never saturate and flat areas have no edges, so
 * neither can look blurred.
 */
export function edgeWidth(gray: Float32Array, width: number, height: number): EdgeWidth {
  const minEdges = Math.max(16, Math.round((width * height) / 2000));
  const profile = new Float32Array(4 * RADIUS + 1);
  let image = { gray, width, height };
  for (let level = 0; ; level++) {
    const { widths, edges } = stepWidths(image.gray, image.width, image.height, profile);
    if (edges >= Math.max(8, minEdges / 4 ** level)) {
      widths.sort((a, b) => a - b);
      return { width: widths[Math.floor(widths.length * QUANTILE)] * 2 ** level, edges, level };
    }
    if (level === MAX_LEVEL || Math.min(image.width, image.height) / 2 < MIN_LEVEL_SIDE) {
      return { width: null, edges, level };
    }
    image = halve(image.gray, image.width, image.height);
  }
}

/** Widths of a sample of step edges, and an estimate of how many step edges the whole level has. */
function stepWidths(
  g: Float32Array,
  w: number,
  h: number,
  profile: Float32Array,
): { widths: number[]; edges: number } {
  const candidates = ridgePixels(g, w, h);
  const stride = Math.max(1, candidates.length / MAX_PROFILES);
  const widths: number[] = [];
  for (let k = 0; k < candidates.length; k += stride) {
    const i = candidates[Math.floor(k)];
    const gx = g[i + 1] - g[i - 1];
    const gy = g[i + w] - g[i - w];
    const m = Math.sqrt(gx * gx + gy * gy);
    sampleProfile(g, w, i % w, Math.floor(i / w), gx / m, gy / m, profile);
    const width = profileWidth(profile);
    if (width !== null) widths.push(width);
  }
  return { widths, edges: Math.round(widths.length * stride * ROW_STEP) };
}

/** Squared central-difference gradient (twice the slope, squared) at pixel i. */
function gradientAt(g: Float32Array, w: number, i: number): number {
  const gx = g[i + 1] - g[i - 1];
  const gy = g[i + w] - g[i - w];
  return gx * gx + gy * gy;
}

/** Reused between calls (they are synchronous); grown on demand. Callers read only the filled prefix. */
let ridgeScratch = new Int32Array(0);

/**
 * Non-maximum suppression along the gradient on every ROW_STEP-th row: only the steepest point across an edge is
 * measured, and edges are long enough that half the rows describe them as well as all of them.
 */
function ridgePixels(g: Float32Array, w: number, h: number): Int32Array {
  const margin = 2 * RADIUS + 1;
  // A step of MIN_CONTRAST spread over 2 * RADIUS pixels, as a squared central difference.
  const minSquared = (MIN_CONTRAST / RADIUS) ** 2;
  const capacity = Math.ceil(h / ROW_STEP) * w;
  if (ridgeScratch.length < capacity) ridgeScratch = new Int32Array(capacity);
  const found = ridgeScratch;
  let count = 0;
  for (let y = margin; y < h - margin; y += ROW_STEP) {
    for (let i = y * w + margin, end = y * w + w - margin; i < end; i++) {
      const gx = g[i + 1] - g[i - 1];
      const gy = g[i + w] - g[i - w];
      const m = gx * gx + gy * gy;
      if (m < minSquared) continue;
      const ax = Math.abs(gx);
      const ay = Math.abs(gy);
      const step = ax >= 2.414 * ay ? 1 : ay >= 2.414 * ax ? w : gx * gy > 0 ? w + 1 : w - 1;
      if (m >= gradientAt(g, w, i - step) && m > gradientAt(g, w, i + step)) found[count++] = i;
    }
  }
  return found.subarray(0, count);
}

/** Bilinear samples along the gradient direction, centred on the edge. */
function sampleProfile(
  g: Float32Array,
  w: number,
  x: number,
  y: number,
  ux: number,
  uy: number,
  out: Float32Array,
): void {
  for (let t = -2 * RADIUS; t <= 2 * RADIUS; t++) {
    const px = x + t * ux;
    const py = y + t * uy;
    const x0 = Math.floor(px);
    const y0 = Math.floor(py);
    const fx = px - x0;
    const fy = py - y0;
    const i = y0 * w + x0;
    const top = g[i] + fx * (g[i + 1] - g[i]);
    const bottom = g[i + w] + fx * (g[i + w + 1] - g[i + w]);
    out[t + 2 * RADIUS] = top + fy * (bottom - top);
  }
}

/** Rise over the inner profile divided by its steepest one-pixel step; null for faint rises and ramps. */
function profileWidth(p: Float32Array): number | null {
  const centre = 2 * RADIUS;
  let innerMin = p[centre - RADIUS];
  let innerMax = innerMin;
  let steepest = 0;
  for (let t = centre - RADIUS + 1; t <= centre + RADIUS; t++) {
    innerMin = Math.min(innerMin, p[t]);
    innerMax = Math.max(innerMax, p[t]);
    steepest = Math.max(steepest, Math.abs(p[t] - p[t - 1]));
  }
  const inner = innerMax - innerMin;
  if (inner < MIN_CONTRAST || steepest === 0) return null;
  let outerMin = innerMin;
  let outerMax = innerMax;
  for (let t = 0; t < p.length; t++) {
    outerMin = Math.min(outerMin, p[t]);
    outerMax = Math.max(outerMax, p[t]);
  }
  return inner < SATURATION * (outerMax - outerMin) ? null : inner / steepest;
}
