import sharp from 'sharp';
import { type Random, random } from './random.ts';
import { encodeAs, type SampleFormat } from './transforms.ts';

/** The sample classes: each a family of pictures an embedder can tell apart from the others. */
export const SCENE_KINDS = ['circles', 'stripes', 'checkers', 'gradients', 'noise', 'polygons'] as const;
export type SceneKind = (typeof SCENE_KINDS)[number];

/**
 * Each class keeps its own hues (backdrop, shapes), as a real class of pictures tends to (sea is blue, forest
 * green): a colour-and-texture descriptor can then tell the classes apart, so the first run shows what the label
 * checks do instead of flagging a third of the set. Images jitter +-HUE_JITTER degrees around them.
 */
const HUES: Record<SceneKind, { backdrop: number; shapes: number }> = {
  circles: { backdrop: 200, shapes: 10 },
  stripes: { backdrop: 120, shapes: 300 },
  checkers: { backdrop: 0, shapes: 180 },
  gradients: { backdrop: 15, shapes: 35 },
  noise: { backdrop: 90, shapes: 90 },
  polygons: { backdrop: 240, shapes: 55 },
};
const HUE_JITTER = 10;

/** Film-like grain (+-GRAIN grey levels): flat synthetic colours would otherwise read as low-information. */
const GRAIN = 8;

/**
 * Renders one picture of a kind: shapes, colours, positions and grain all come from the seed, so the same
 * (seed, kind, size) gives the same pixels every time. PNG unless another format is asked for.
 */
export async function renderScene(
  seed: number,
  kind: SceneKind,
  width: number,
  height: number,
  format: SampleFormat = 'png',
  quality = 90,
): Promise<Buffer> {
  const rng = random(seed * 7919 + SCENE_KINDS.indexOf(kind));
  const pixels =
    kind === 'noise'
      ? speckles(rng, width, height)
      : await sharp(Buffer.from(svg(SVG_SCENES[kind](rng, width, height), width, height)))
          .removeAlpha()
          .raw()
          .toBuffer();
  addGrain(pixels, rng.int(1, 2 ** 31));
  return encodeAs(sharp(pixels, { raw: { width, height, channels: 3 } }), format, quality);
}

function svg(body: string, width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;
}

const SVG_SCENES: Record<Exclude<SceneKind, 'noise'>, (rng: Random, w: number, h: number) => string> = {
  circles(rng, w, h) {
    const side = Math.min(w, h);
    const hue = HUES.circles;
    const circles = Array.from({ length: rng.int(3, 8) }, () => {
      const r = rng.range(0.05, 0.2) * side;
      return `<circle cx="${rng.range(0, w)}" cy="${rng.range(0, h)}" r="${r}" fill="${colour(rng, hue.shapes)}"/>`;
    });
    return backdrop(rng, hue.backdrop, 70, 90) + circles.join('');
  },
  stripes(rng, w, h) {
    const hue = HUES.stripes;
    const period = rng.range(0.04, 0.12) * Math.min(w, h);
    const stripe = `<rect width="${period / 2}" height="${period}" fill="${colour(rng, hue.shapes, 20, 45)}"/>`;
    return backdrop(rng, hue.backdrop, 65, 85) + tiled(stripe, period, rng.range(0, 180));
  },
  checkers(rng, w, h) {
    const hue = HUES.checkers;
    const cell = rng.range(0.06, 0.15) * Math.min(w, h);
    const fill = colour(rng, hue.shapes, 15, 40);
    const squares = `<rect width="${cell}" height="${cell}" fill="${fill}"/><rect x="${cell}" y="${cell}" width="${cell}" height="${cell}" fill="${fill}"/>`;
    return backdrop(rng, hue.backdrop, 70, 90) + tiled(squares, 2 * cell, rng.range(-30, 30));
  },
  gradients(rng) {
    const count = rng.int(2, 3);
    const hues = [HUES.gradients.backdrop, HUES.gradients.shapes];
    const stops = Array.from(
      { length: count },
      (_, i) => `<stop offset="${i / (count - 1)}" stop-color="${colour(rng, hues[i % 2], 25, 80)}"/>`,
    ).join('');
    const gradient =
      rng.next() < 0.4
        ? `<radialGradient id="g" cx="${rng.range(0.2, 0.8)}" cy="${rng.range(0.2, 0.8)}" r="${rng.range(0.5, 0.9)}">${stops}</radialGradient>`
        : `<linearGradient id="g" gradientTransform="rotate(${rng.range(0, 360)} 0.5 0.5)">${stops}</linearGradient>`;
    return `<defs>${gradient}</defs><rect width="100%" height="100%" fill="url(#g)"/>`;
  },
  polygons(rng, w, h) {
    const side = Math.min(w, h);
    const hue = HUES.polygons;
    const shapes = Array.from({ length: rng.int(3, 7) }, () => {
      const cx = rng.range(0, w);
      const cy = rng.range(0, h);
      const r = rng.range(0.08, 0.25) * side;
      const corners = rng.int(3, 5);
      const turn = rng.range(0, 2 * Math.PI);
      const points = Array.from({ length: corners }, (_, k) => {
        const a = turn + (2 * Math.PI * k) / corners;
        return `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`;
      });
      return `<polygon points="${points.join(' ')}" fill="${colour(rng, hue.shapes)}"/>`;
    });
    return backdrop(rng, hue.backdrop, 15, 35) + shapes.join('');
  },
};

/** A soft two-tone background, as light falls across a real scene. */
function backdrop(rng: Random, baseHue: number, minLight: number, maxLight: number): string {
  const hue = jitteredHue(rng, baseHue);
  const tone = (light: number) => `hsl(${hue}, ${rng.int(30, 70)}%, ${light}%)`;
  const light = rng.int(minLight, maxLight - 8);
  return `<defs><linearGradient id="bg" gradientTransform="rotate(${rng.range(0, 360)} 0.5 0.5)"><stop offset="0" stop-color="${tone(light)}"/><stop offset="1" stop-color="${tone(light + 8)}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#bg)"/>`;
}

/** `content` repeated on a `period` grid over the whole canvas, turned by `angle` degrees. */
function tiled(content: string, period: number, angle: number): string {
  return `<defs><pattern id="p" width="${period}" height="${period}" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})">${content}</pattern></defs><rect width="100%" height="100%" fill="url(#p)"/>`;
}

/** A mosaic of small random-coloured cells (3-6 px) over a few large colour zones: a sharp, busy texture. */
function speckles(rng: Random, width: number, height: number): Buffer {
  const cell = rng.int(3, 6);
  const zones = rng.int(2, 4);
  const palette = Array.from({ length: zones * zones }, () => [
    rng.int(0, 255),
    rng.int(0, 255),
    rng.int(0, 255),
  ]);
  const cols = Math.ceil(width / cell);
  const jitter = Uint8Array.from({ length: cols * Math.ceil(height / cell) }, () => rng.int(0, 255));
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const zy = Math.floor((y * zones) / height) * zones;
    const row = Math.floor(y / cell) * cols;
    for (let x = 0; x < width; x++) {
      const base = palette[zy + Math.floor((x * zones) / width)];
      const j = jitter[row + Math.floor(x / cell)];
      const p = (y * width + x) * 3;
      out[p] = (base[0] + j) >> 1;
      out[p + 1] = (base[1] + ((j * 7) & 255)) >> 1;
      out[p + 2] = (base[2] + ((j * 13) & 255)) >> 1;
    }
  }
  return out;
}

/** Adds the same small random offset to each pixel's three channels (xorshift32: fast and seeded). */
function addGrain(pixels: Buffer, seed: number): void {
  const clamped = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  let state = seed >>> 0 || 1;
  for (let p = 0; p < clamped.length; p += 3) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const offset = ((state >>> 0) % (2 * GRAIN + 1)) - GRAIN;
    clamped[p] += offset;
    clamped[p + 1] += offset;
    clamped[p + 2] += offset;
  }
}

function colour(rng: Random, baseHue: number, minLight = 35, maxLight = 65): string {
  return `hsl(${jitteredHue(rng, baseHue)}, ${rng.int(45, 90)}%, ${rng.int(minLight, maxLight)}%)`;
}

function jitteredHue(rng: Random, base: number): number {
  return (base + rng.int(-HUE_JITTER, HUE_JITTER) + 360) % 360;
}
