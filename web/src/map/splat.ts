import type { View } from './draw.ts';

/**
 * The large-map renderer: every point is written as an opaque square of pixels into one ImageData, then put on
 * the canvas in a single call. A 2D canvas path of 100k rectangles costs the rasteriser far more (antialiased,
 * and in software where there is no GPU) than these plain writes; bench/map measures both.
 */
export interface Splats {
  /** One packed RGBA colour per point (little-endian, as Uint32 over ImageData bytes). */
  colors: Uint32Array;
  image: ImageData | null;
  pixels: Uint32Array | null;
}

/** '#rrggbb' or 'rgb(r,g,b)', the two forms colorPoints writes, as an opaque little-endian RGBA word. */
export function packColor(color: string): number {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  const rgb = hex ? null : /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color);
  const parts = hex
    ? hex.slice(1).map((p) => Number.parseInt(p, 16))
    : (rgb?.slice(1).map(Number) ?? [0, 0, 0]);
  const [r, g, b] = parts;
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export function splatColors(colors: string[]): Uint32Array {
  const cache = new Map<string, number>();
  return Uint32Array.from(colors, (color) => {
    const known = cache.get(color);
    if (known !== undefined) return known;
    const packed = packColor(color);
    cache.set(color, packed);
    return packed;
  });
}

/**
 * Squares of `size` CSS pixels centred on each point, in device pixels (`ratio`), clipped to the canvas. The
 * ImageData is reused while the canvas keeps its size; putImageData ignores the context's transform.
 */
export function splatPoints(
  context: CanvasRenderingContext2D,
  splats: Splats,
  xs: Float32Array,
  ys: Float32Array,
  view: View,
  size: number,
  ratio: number,
): void {
  const { width, height } = context.canvas;
  if (!splats.image || splats.image.width !== width || splats.image.height !== height) {
    splats.image = context.createImageData(width, height);
    splats.pixels = new Uint32Array(splats.image.data.buffer);
  }
  const pixels = splats.pixels as Uint32Array;
  pixels.fill(0);
  const side = Math.max(1, Math.round(size * ratio));
  const half = side / 2;
  const scale = view.scale * ratio;
  const offsetX = view.offsetX * ratio - half;
  const offsetY = view.offsetY * ratio - half;
  const { colors } = splats;
  for (let i = 0; i < xs.length; i++) {
    const left = Math.round(xs[i] * scale + offsetX);
    const top = Math.round(ys[i] * scale + offsetY);
    if (left >= width || top >= height || left + side <= 0 || top + side <= 0) continue;
    const x0 = Math.max(0, left);
    const x1 = Math.min(width, left + side);
    const y1 = Math.min(height, top + side);
    const color = colors[i];
    for (let y = Math.max(0, top); y < y1; y++) {
      const row = y * width;
      for (let x = x0; x < x1; x++) pixels[row + x] = color;
    }
  }
  context.putImageData(splats.image, 0, 0);
}
