/**
 * The large-map renderer's pixel work, free of the DOM: every point is an opaque square of pixels in one
 * buffer, which draw.ts puts on the canvas in a single call. A 2D canvas path of 100k rectangles costs the
 * rasteriser far more (antialiased, and in software where there is no GPU) than these plain writes; bench/map
 * measures both.
 */

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
 * Writes a square of `size` CSS pixels centred on each point into `pixels` (device pixels, `ratio` per CSS
 * pixel, row-major `width` wide), clipped to the canvas; later points cover earlier ones. Clears first.
 */
export function splatInto(
  pixels: Uint32Array,
  width: number,
  colors: Uint32Array,
  xs: Float32Array,
  ys: Float32Array,
  view: { scale: number; offsetX: number; offsetY: number },
  size: number,
  ratio: number,
): void {
  const height = pixels.length / width;
  pixels.fill(0);
  const side = Math.max(1, Math.round(size * ratio));
  const half = side / 2;
  const scale = view.scale * ratio;
  const offsetX = view.offsetX * ratio - half;
  const offsetY = view.offsetY * ratio - half;
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
}
