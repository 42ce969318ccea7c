import type { MapPoints } from './points.ts';
import { splatInto } from './splat.ts';

/** Screen = data * scale + offset, in CSS pixels; the data square is [0, 1]². */
export interface View {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export const toScreen = (view: View, x: number, y: number): [number, number] => [
  x * view.scale + view.offsetX,
  y * view.scale + view.offsetY,
];
export const toData = (view: View, sx: number, sy: number): [number, number] => [
  (sx - view.offsetX) / view.scale,
  (sy - view.offsetY) / view.scale,
];

/** Point indexes grouped by colour: one fill per colour keeps a 100k-point frame to a few draw calls. */
export function byColor(colors: string[]): Map<string, Uint32Array> {
  const groups = new Map<string, number[]>();
  colors.forEach((color, i) => {
    const list = groups.get(color);
    if (list) list.push(i);
    else groups.set(color, [i]);
  });
  return new Map([...groups].map(([color, list]) => [color, Uint32Array.from(list)]));
}

/** A point's side in CSS pixels: larger when zoomed in and when there are few points. */
export function pointSize(count: number, view: View, width: number, height: number): number {
  const base = count > 20_000 ? 1.5 : count > 2_000 ? 2.5 : 4;
  return Math.min(10, base * Math.max(1, Math.sqrt(view.scale / Math.min(width, height))));
}

/** Square points as one antialiased path per colour; off-screen points are skipped. */
export function drawPoints(
  context: CanvasRenderingContext2D,
  points: MapPoints,
  groups: Map<string, Uint32Array>,
  view: View,
  width: number,
  height: number,
): void {
  context.clearRect(0, 0, width, height);
  const size = pointSize(points.count, view, width, height);
  const half = size / 2;
  for (const [color, members] of groups) {
    context.fillStyle = color;
    context.beginPath();
    for (const i of members) {
      const sx = points.x[i] * view.scale + view.offsetX;
      const sy = points.y[i] * view.scale + view.offsetY;
      if (sx < -size || sy < -size || sx > width + size || sy > height + size) continue;
      context.rect(sx - half, sy - half, size, size);
    }
    context.fill();
  }
}

/** The splat renderer's state: a packed colour per point (splat.ts) and an ImageData kept while the canvas keeps its size. */
export interface Splats {
  colors: Uint32Array;
  image: ImageData | null;
}

/** Points as pixel splats (splat.ts), put on the canvas in one call; putImageData ignores the transform. */
export function drawSplats(
  context: CanvasRenderingContext2D,
  splats: Splats,
  points: MapPoints,
  view: View,
  width: number,
  height: number,
  ratio: number,
): void {
  const canvas = context.canvas;
  if (splats.image?.width !== canvas.width || splats.image.height !== canvas.height)
    splats.image = context.createImageData(canvas.width, canvas.height);
  const pixels = new Uint32Array(splats.image.data.buffer);
  const size = pointSize(points.count, view, width, height);
  splatInto(pixels, canvas.width, splats.colors, points.x, points.y, view, size, ratio);
  context.putImageData(splats.image, 0, 0);
}

/** Rings around points (the hovered duplicate cluster's keeper and drops). */
export function ring(
  context: CanvasRenderingContext2D,
  view: View,
  x: number,
  y: number,
  color: string,
  radius = 6,
): void {
  const [sx, sy] = toScreen(view, x, y);
  context.strokeStyle = color;
  context.lineWidth = 2;
  context.beginPath();
  context.arc(sx, sy, radius, 0, Math.PI * 2);
  context.stroke();
}
