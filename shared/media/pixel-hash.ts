import { luma } from './quality/luma.ts';
import type { Raster } from './types.ts';

/** Cells per side of the grey grid the hash describes. */
const GRID = 6;

/**
 * A fingerprint of the picture, not the file: identical pixels in any format give the same string, and so do, in
 * most cases, resized or high-quality lossy copies. It is a 6x6 area-averaged grey grid whose neighbour differences
 * are written as -, 0 or + with a dead zone placed in the widest gap between the differences' sizes, so that small
 * decoding noise rarely moves a difference across it. Flat pictures also record their mean colour.
 * It is exact-pixel-ish, not a near-duplicate detector: crops, edits and strong compression change it.
 */
export function pixelHash(raster: Raster): string {
  const cells = greyGrid(raster);
  const diffs: number[] = [];
  for (let y = 0; y < GRID; y++)
    for (let x = 0; x < GRID - 1; x++) diffs.push(cells[y * GRID + x + 1] - cells[y * GRID + x]);
  for (let y = 0; y < GRID - 1; y++)
    for (let x = 0; x < GRID; x++) diffs.push(cells[(y + 1) * GRID + x] - cells[y * GRID + x]);
  const threshold = widestGap(diffs.map(Math.abs));
  const trits = diffs.map((d) => (d > threshold ? 2 : d < -threshold ? 0 : 1));
  const flat = trits.every((t) => t === 1);
  return packTrits(trits) + (flat ? meanColour(raster) : '000');
}

/**
 * The middle of the widest gap between sorted difference sizes (grey levels, 1 and up): the threshold with the
 * most room on both sides, so decoding noise has to be large to push a difference across it.
 */
function widestGap(sizes: number[]): number {
  const sorted = [1, ...sizes.filter((s) => s > 1)].sort((a, b) => a - b);
  let threshold = 1;
  let widest = -1;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const gap = sorted[i + 1] - sorted[i];
    if (gap > widest) {
      widest = gap;
      threshold = (sorted[i] + sorted[i + 1]) / 2;
    }
  }
  return threshold;
}

/** Means of a GRID x GRID partition of the image, weighting pixels that straddle a cell border by their share. */
function greyGrid(raster: Raster): Float64Array {
  const { width, height } = raster;
  const gray = luma(raster);
  const xs = overlaps(width);
  const ys = overlaps(height);
  const runEnd = wholeRuns(xs, width);
  const sums = new Float64Array(GRID * GRID);
  const rowSums = new Float64Array(GRID);
  for (let y = 0; y < height; y++) {
    rowSums.fill(0);
    const p = y * width;
    for (let x = 0; x < width; ) {
      if (runEnd[x] > x) {
        // Pixels wholly inside one cell: the same additions in the same order as below (v * 1 is v), minus the lookups.
        const c = xs.cell[xs.start[x]];
        let sum = rowSums[c];
        for (const end = runEnd[x]; x < end; x++) sum += gray[p + x];
        rowSums[c] = sum;
        continue;
      }
      const v = gray[p + x];
      for (let e = xs.start[x]; e < xs.start[x + 1]; e++) rowSums[xs.cell[e]] += v * xs.weight[e];
      x++;
    }
    for (let e = ys.start[y]; e < ys.start[y + 1]; e++) {
      const row = ys.cell[e] * GRID;
      for (let c = 0; c < GRID; c++) sums[row + c] += rowSums[c] * ys.weight[e];
    }
  }
  const area = (width / GRID) * (height / GRID);
  return sums.map((s) => s / area);
}

/** Which cells each pixel along a side overlaps, and by how much: entries start[i] .. start[i + 1] - 1. */
function overlaps(length: number): { start: Int32Array; cell: Uint8Array; weight: Float64Array } {
  const start = new Int32Array(length + 1);
  const cell: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < length; i++) {
    start[i] = cell.length;
    for (let c = Math.floor((i * GRID) / length); c < GRID && (c * length) / GRID < i + 1; c++) {
      const share = Math.min(i + 1, ((c + 1) * length) / GRID) - Math.max(i, (c * length) / GRID);
      if (share <= 0) continue;
      cell.push(c);
      weight.push(share);
    }
  }
  start[length] = cell.length;
  return { start, cell: Uint8Array.from(cell), weight: Float64Array.from(weight) };
}

/** For each pixel that lies wholly in one cell, where its run of such pixels in that cell ends; else itself. */
function wholeRuns(xs: ReturnType<typeof overlaps>, length: number): Int32Array {
  const end = new Int32Array(length);
  const whole = (i: number) => xs.start[i + 1] - xs.start[i] === 1 && xs.weight[xs.start[i]] === 1;
  for (let i = length - 1; i >= 0; i--) {
    if (!whole(i)) end[i] = i;
    else if (i + 1 < length && whole(i + 1) && xs.cell[xs.start[i + 1]] === xs.cell[xs.start[i]])
      end[i] = end[i + 1];
    else end[i] = i + 1;
  }
  return end;
}

function packTrits(trits: number[]): string {
  let hex = '';
  for (let i = 0; i < trits.length; i += 2) hex += ((trits[i] << 2) | (trits[i + 1] ?? 0)).toString(16);
  return hex;
}

/** Three bits per channel of the mean colour: enough to tell a red frame from a blue one. */
function meanColour(raster: Raster): string {
  const sums = [0, 0, 0];
  for (let p = 0; p < raster.data.length; p += 3) {
    sums[0] += raster.data[p];
    sums[1] += raster.data[p + 1];
    sums[2] += raster.data[p + 2];
  }
  const n = raster.width * raster.height;
  return sums.map((s) => Math.min(7, Math.floor(s / n / 32)).toString(16)).join('');
}
