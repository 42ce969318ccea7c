import type { Box, Raster } from './types.ts';

/** A line is frame when this share of its pixels is within TOLERANCE of the frame colour (JPEG ringing, grain). */
const UNIFORM_SHARE = 0.97;
const TOLERANCE = 14;
/** Trimmed less than this share of a side: no frame there (a dark edge row of a photo is not a border). */
const MIN_TRIM = 0.02;
/** Corners this large (share of the shorter side) all in one flat colour: the fill of a rotated copy. */
const CORNER = 0.03;
/** Share of the trimmed picture kept when the corners are fill: clears the fill triangles of turns up to ~8°. */
const INSIDE_TURN = 0.8;

/**
 * The part of a picture inside a frame someone added: a border, padding or letterbox (flat rows and columns at
 * the edges, trimmed), or the flat corner triangles a small rotation leaves (then the middle 80% of the rest).
 * Null when there is no frame. A framed copy's descriptor covers the frame too, so it is far from its original's;
 * the content's descriptor is what finds the original (duplicate candidates). Cost: one pass over the edges.
 */
export function contentBox(raster: Raster): Box | null {
  const { width, height } = raster;
  if (width < 16 || height < 16) return null;
  const colour = pixel(raster, 0, 0);
  const isFrameRow = (y: number) => uniform(raster, colour, 0, y, 1, 0, width);
  const isFrameColumn = (x: number) => uniform(raster, colour, x, 0, 0, 1, height);
  let top = 0;
  while (top < height / 2 && isFrameRow(top)) top++;
  let bottom = height;
  while (bottom > top + height / 4 && isFrameRow(bottom - 1)) bottom--;
  let left = 0;
  while (left < width / 2 && isFrameColumn(left)) left++;
  let right = width;
  while (right > left + width / 4 && isFrameColumn(right - 1)) right--;
  const trimmed =
    top >= MIN_TRIM * height ||
    height - bottom >= MIN_TRIM * height ||
    left >= MIN_TRIM * width ||
    width - right >= MIN_TRIM * width;
  const box = trimmed
    ? { x: left / width, y: top / height, w: (right - left) / width, h: (bottom - top) / height }
    : { x: 0, y: 0, w: 1, h: 1 };
  if (hasFillCorners(raster, box)) {
    const margin = (1 - INSIDE_TURN) / 2;
    return {
      x: box.x + margin * box.w,
      y: box.y + margin * box.h,
      w: box.w * INSIDE_TURN,
      h: box.h * INSIDE_TURN,
    };
  }
  return trimmed ? box : null;
}

/** All four corner squares of the box flat and of one colour (black, white or any fill). */
function hasFillCorners(raster: Raster, box: Box): boolean {
  const x0 = Math.round(box.x * raster.width);
  const y0 = Math.round(box.y * raster.height);
  const x1 = Math.round((box.x + box.w) * raster.width) - 1;
  const y1 = Math.round((box.y + box.h) * raster.height) - 1;
  const side = Math.max(2, Math.round(CORNER * Math.min(x1 - x0, y1 - y0)));
  const colour = pixel(raster, x0, y0);
  const corners: [number, number, number, number][] = [
    [x0, y0, 1, 1],
    [x1, y0, -1, 1],
    [x0, y1, 1, -1],
    [x1, y1, -1, -1],
  ];
  return corners.every(([cx, cy, sx, sy]) => {
    for (let d = 0; d < side; d++) if (!uniform(raster, colour, cx, cy + sy * d, sx, 0, side)) return false;
    return true;
  });
}

function pixel(raster: Raster, x: number, y: number): [number, number, number] {
  const at = (y * raster.width + x) * 3;
  return [raster.data[at], raster.data[at + 1], raster.data[at + 2]];
}

/** `count` pixels from (x, y) in steps (dx, dy): whether nearly all are within the tolerance of `colour`. */
function uniform(
  raster: Raster,
  colour: [number, number, number],
  x: number,
  y: number,
  dx: number,
  dy: number,
  count: number,
): boolean {
  const { data, width } = raster;
  let off = 0;
  const allowed = count * (1 - UNIFORM_SHARE);
  for (let i = 0; i < count; i++) {
    const at = ((y + i * dy) * width + x + i * dx) * 3;
    const far =
      Math.abs(data[at] - colour[0]) > TOLERANCE ||
      Math.abs(data[at + 1] - colour[1]) > TOLERANCE ||
      Math.abs(data[at + 2] - colour[2]) > TOLERANCE;
    if (far && ++off > allowed) return false;
  }
  return true;
}
