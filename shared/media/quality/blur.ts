import { halve, lumaRange } from './luma.ts';

/** Profile half-length (pixels) inside which an edge must complete its rise; twice this proves it stopped. */
const RADIUS = 4;
/** Least rise across an edge, as a share of the image's own luma range (p1 to p99): invariant to exposure. */
const RELATIVE_CONTRAST = 20 / 255;
/** ...but never below this many grey levels, so JPEG noise and banding in a dark image are not edges. */
const MIN_CONTRAST = 6;
/** Share of the rise over 2*RADIUS that must already happen within RADIUS: separates steps from ramps. */
const SATURATION = 0.8;
/** Coarsest level the pyramid descends to, by shortest side. */
const MIN_LEVEL_SIDE = 24;
/** Deepest level (4x smaller): edges wider than ~30 px at the working size are no longer told from smooth shading. */
const MAX_LEVEL = 2;
/** Edges measured per level at most: beyond this the estimate is stable and the cost is not. */
const MAX_PROFILES = 2000;
/** Rows scanned for edges: every one (every second one left too few steps in a sparse direction to trust). */
const ROW_STEP = 1;
/** The quantile of edge widths reported per direction: the sharper edges decide (a sharp subject on a soft background passes). */
const QUANTILE = 0.1;
/** Gradient directions told apart (0, 45, 90, 135 degrees): motion blur widens only the edges across its path. */
const DIRECTIONS = 4;
/** Least edges a direction needs at a level, by level pixels: fewer is too little evidence. */
const EDGES_PER_PIXEL = 1 / 8000;
const MIN_EDGES = 6;

export interface EdgeWidth {
  /** Width in pixels of the widest direction's sharper edges (about 1 when sharp); null without step edges. */
  width: number | null;
  /** The same in the narrowest direction: near `width` for defocus, far below it for motion blur. */
  across: number | null;
  /** Gradient direction (degrees, 0 = horizontal) of the widest edges: the direction of a motion blur. */
  direction: number | null;
  /** Step edges measured over every direction and level used. */
  edges: number;
}

interface DirectionWidth {
  width: number;
  direction: number;
}

interface Level {
  gray: Float32Array;
  width: number;
  height: number;
}

/**
 * Estimates how wide edges are in each gradient direction: blur widens every step, whatever the contrast.
 * Each direction uses the finest pyramid level where its candidate edges are steps, so heavy or long blur
 * (edges wider than the profile) is measured where it fits. A direction whose candidates are few at every
 * level has no evidence and is left out, so a picture of mostly horizontal lines is not called blurred.
 * Ramps (sky gradients) never saturate and flat areas have no edges, so neither can look blurred.
 */
export function edgeWidth(gray: Float32Array, width: number, height: number): EdgeWidth {
  const minContrast = Math.max(MIN_CONTRAST, RELATIVE_CONTRAST * lumaRange(gray));
  const found: DirectionWidth[] = [];
  let pending = Array.from({ length: DIRECTIONS }, (_, d) => d);
  let edges = 0;
  let image: Level = { gray, width, height };
  for (let level = 0; pending.length > 0; level++) {
    const minEdges = Math.max(MIN_EDGES, (image.width * image.height * EDGES_PER_PIXEL) / 4);
    const sample = stepWidths(image, minContrast);
    const next: number[] = [];
    for (const d of pending) {
      const steps = sample.widths[d];
      if (steps.length >= minEdges) {
        steps.sort((a, b) => a - b);
        found.push({ width: atFinest(steps[Math.floor(steps.length * QUANTILE)], level), direction: d });
        edges += steps.length;
      } else if (sample.candidates[d] >= minEdges) next.push(d);
    }
    pending = next;
    if (level === MAX_LEVEL || Math.min(image.width, image.height) / 2 < MIN_LEVEL_SIDE) break;
    if (pending.length > 0) image = halve(image.gray, image.width, image.height);
  }
  if (found.length === 0) return { width: null, across: null, direction: null, edges };
  found.sort((a, b) => a.width - b.width);
  const widest = found[found.length - 1];
  return {
    width: widest.width,
    across: found[0].width,
    direction: (widest.direction * 180) / DIRECTIONS,
    edges,
  };
}

/**
 * A width measured at a coarser level, in finest-level pixels. Every level measures a perfect step about 1 px
 * wide, so that floor is taken out before scaling and put back after (blur widths add in quadrature): a sharp
 * edge measured at level 1 is ~1.4 px, not 2.
 */
function atFinest(width: number, level: number): number {
  const scale = 2 ** level;
  return Math.sqrt(1 + scale * scale * Math.max(0, width * width - 1));
}

interface Sample {
  /** Widths of a sample of step edges, per direction. */
  widths: number[][];
  /** Candidate edges (steep points across an edge) sampled, per direction, steps or not. */
  candidates: number[];
}

/** Measures a sample of the level's edge candidates, sorted by gradient direction. */
function stepWidths(level: Level, minContrast: number): Sample {
  const { gray: g, width: w, height: h } = level;
  const profile = new Float32Array(4 * RADIUS + 1);
  const found = ridgePixels(g, w, h, minContrast);
  const stride = Math.max(1, found.length / MAX_PROFILES);
  const widths: number[][] = Array.from({ length: DIRECTIONS }, () => []);
  const candidates = new Array<number>(DIRECTIONS).fill(0);
  for (let k = 0; k < found.length; k += stride) {
    const i = found[Math.floor(k)];
    const gx = g[i + 1] - g[i - 1];
    const gy = g[i + w] - g[i - w];
    const m = Math.sqrt(gx * gx + gy * gy);
    const angle = (Math.atan2(gy, gx) + Math.PI) % Math.PI;
    const d = Math.round((angle / Math.PI) * DIRECTIONS) % DIRECTIONS;
    candidates[d] += stride;
    sampleProfile(g, w, i % w, Math.floor(i / w), gx / m, gy / m, profile);
    const width = profileWidth(profile, minContrast);
    if (width !== null) widths[d].push(width);
  }
  return { widths, candidates };
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
function ridgePixels(g: Float32Array, w: number, h: number, minContrast: number): Int32Array {
  const margin = 2 * RADIUS + 1;
  // A step of minContrast spread over 2 * RADIUS pixels, as a squared central difference.
  const minSquared = (minContrast / RADIUS) ** 2;
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
function profileWidth(p: Float32Array, minContrast: number): number | null {
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
  if (inner < minContrast || steepest === 0) return null;
  let outerMin = innerMin;
  let outerMax = innerMax;
  for (let t = 0; t < p.length; t++) {
    outerMin = Math.min(outerMin, p[t]);
    outerMax = Math.max(outerMax, p[t]);
  }
  return inner < SATURATION * (outerMax - outerMin) ? null : inner / steepest;
}
