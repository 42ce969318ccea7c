/**
 * The near-duplicate test set: real photos from Debian's python3-skimage (public domain / CC0) and distinct
 * crops of them are the originals; every original gets each transform applied; flips, rotations, finer tiles
 * and Fashion-MNIST images are the distractors. Everything is decoded the way ingest decodes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import type { Raster } from '../../shared/media/types.ts';

/** Where Debian's python3-skimage puts its data files (override with SKIMAGE_DATA). */
export const SKIMAGE_DIR = process.env.SKIMAGE_DATA ?? '/usr/lib/python3/dist-packages/skimage/data';
const FASHION_FILE =
  process.env.FASHION_MNIST ?? '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';

/**
 * The photographs among skimage's data files (the rest are synthetic charts, glyphs and tiny test files).
 * motorcycle_right.png is left out: it is the stereo twin of motorcycle_left.png, a near duplicate itself.
 */
export const PHOTOS = [
  'astronaut.png',
  'camera.png',
  'cell.png',
  'chelsea.png',
  'clock_motion.png',
  'coffee.png',
  'coins.png',
  'hubble_deep_field.jpg',
  'ihc.png',
  'moon.png',
  'motorcycle_left.png',
  'page.png',
  'retina.jpg',
  'rocket.jpg',
];
/**
 * Stationary textures: every crop and flip of one has the same statistics, so which tile a crop came from is
 * barely defined. They join the gallery and are scored on their own.
 */
export const TEXTURES = ['brick.png', 'grass.png', 'gravel.png'];
const FASHION_COUNT = 1000;
/** The ingest pipeline's working copy: shortest side at most this, never upscaled. */
export const WORKING_SIZE = 384;

export type Group = 'photo' | 'texture';

export interface Source {
  name: string;
  group: Group;
  png: Buffer;
  width: number;
  height: number;
}

/** 'pixels' keeps the frame (codecs, size, tone, blur); 'geometry' moves it (crops, rotation). */
export interface Transform {
  name: string;
  kind: 'pixels' | 'geometry';
  apply: (s: Source, i: number) => Promise<Buffer>;
}

const png = (img: Sharp) => img.png({ compressionLevel: 1 }).toBuffer();
const scaled = (s: Source, f: number) => sharp(s.png).resize(Math.max(1, Math.round(s.width * f)));

/** A crop of relative size f: centred when corner is -1, else at corner 0..3 (TL, TR, BL, BR). */
function cropped(s: Source, f: number, corner: number): Sharp {
  const width = Math.round(s.width * f);
  const height = Math.round(s.height * f);
  const fx = corner < 0 ? 0.5 : corner % 2;
  const fy = corner < 0 ? 0.5 : corner >> 1;
  return sharp(s.png).extract({
    left: Math.round((s.width - width) * fx),
    top: Math.round((s.height - height) * fy),
    width,
    height,
  });
}

/** Rotated, then the centre `keep` of the original frame, so no empty corners show. */
async function rotated(s: Source, degrees: number, keep: number): Promise<Buffer> {
  const { data, info } = await sharp(s.png).rotate(degrees).png().toBuffer({ resolveWithObject: true });
  const width = Math.round(s.width * keep);
  const height = Math.round(s.height * keep);
  const left = Math.round((info.width - width) / 2);
  const top = Math.round((info.height - height) / 2);
  return png(sharp(data).extract({ left, top, width, height }));
}

export const TRANSFORMS: Transform[] = [
  { name: 'jpeg q30', kind: 'pixels', apply: (s) => sharp(s.png).jpeg({ quality: 30 }).toBuffer() },
  { name: 'jpeg q60', kind: 'pixels', apply: (s) => sharp(s.png).jpeg({ quality: 60 }).toBuffer() },
  { name: 'webp q50', kind: 'pixels', apply: (s) => sharp(s.png).webp({ quality: 50 }).toBuffer() },
  { name: 'resize 0.5x', kind: 'pixels', apply: (s) => png(scaled(s, 0.5)) },
  { name: 'resize 0.25x', kind: 'pixels', apply: (s) => png(scaled(s, 0.25)) },
  { name: 'crop 85% centre', kind: 'geometry', apply: (s) => png(cropped(s, 0.85, -1)) },
  { name: 'crop 85% corner', kind: 'geometry', apply: (s, i) => png(cropped(s, 0.85, i % 4)) },
  { name: 'brightness +30%', kind: 'pixels', apply: (s) => png(sharp(s.png).modulate({ brightness: 1.3 })) },
  { name: 'brightness -30%', kind: 'pixels', apply: (s) => png(sharp(s.png).modulate({ brightness: 0.7 })) },
  { name: 'contrast +30%', kind: 'pixels', apply: (s) => png(sharp(s.png).linear(1.3, -0.3 * 128)) },
  { name: 'contrast -30%', kind: 'pixels', apply: (s) => png(sharp(s.png).linear(0.7, 0.3 * 128)) },
  { name: 'blur sigma 1.5', kind: 'pixels', apply: (s) => png(sharp(s.png).blur(1.5)) },
  { name: 'rotate 4deg, crop 90%', kind: 'geometry', apply: (s) => rotated(s, 4, 0.9) },
  {
    name: 'crop 90% + 0.5x + q50 + bright',
    kind: 'geometry',
    apply: async (s, i) => {
      const c = await png(cropped(s, 0.9, i % 4));
      const width = Math.round(s.width * 0.45);
      return sharp(c).resize(width).modulate({ brightness: 1.15 }).jpeg({ quality: 50 }).toBuffer();
    },
  },
];

/** Decodes like the ingest pipeline does: oriented RGB, shortest side at most WORKING_SIZE. */
export async function toRaster(input: Buffer | Sharp): Promise<Raster> {
  const img = Buffer.isBuffer(input) ? sharp(input) : input;
  const { data, info } = await img
    .rotate()
    .resize(WORKING_SIZE, WORKING_SIZE, { fit: 'outside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

/** The files the bench needs, or the first one missing. */
export function missingInput(): string | undefined {
  const files = [...PHOTOS, ...TEXTURES].map((p) => join(SKIMAGE_DIR, p));
  return [...files, FASHION_FILE].find((f) => !existsSync(f));
}

async function readPhotos(): Promise<Source[]> {
  return Promise.all(
    [...PHOTOS, ...TEXTURES].map(async (name) => {
      const { data, info } = await sharp(join(SKIMAGE_DIR, name))
        .removeAlpha()
        .toColourspace('srgb')
        .png()
        .toBuffer({ resolveWithObject: true });
      const group: Group = TEXTURES.includes(name) ? 'texture' : 'photo';
      return { name, group, png: data, width: info.width, height: info.height };
    }),
  );
}

/** Crops of relative size `f` on an n x n grid of positions spanning the photo. */
async function tiles(photo: Source, f: number, n: number, tag: string): Promise<Source[]> {
  const width = Math.round(photo.width * f);
  const height = Math.round(photo.height * f);
  const out: Source[] = [];
  for (let gy = 0; gy < n; gy++) {
    for (let gx = 0; gx < n; gx++) {
      const left = Math.round(((photo.width - width) * gx) / (n - 1));
      const top = Math.round(((photo.height - height) * gy) / (n - 1));
      const buf = await png(sharp(photo.png).extract({ left, top, width, height }));
      out.push({ name: `${photo.name}#${tag}${gx}${gy}`, group: photo.group, png: buf, width, height });
    }
  }
  return out;
}

/** The first `count` Fashion-MNIST test images as 28 x 28 grey rasters. */
function fashionRasters(count: number): Raster[] {
  const bytes = gunzipSync(readFileSync(FASHION_FILE));
  const side = bytes.readUInt32BE(8);
  const out: Raster[] = [];
  for (let i = 0; i < count; i++) {
    const data = new Uint8Array(side * side * 3);
    for (let p = 0; p < side * side; p++) data.fill(bytes[16 + i * side * side + p], p * 3, p * 3 + 3);
    out.push({ data, width: side, height: side });
  }
  return out;
}

export interface Dataset {
  originals: { source: Source; raster: Raster }[];
  distractors: { name: string; raster: Raster }[];
  /** queries[t][i] is transform t applied to original i. */
  queries: Record<string, Raster[]>;
}

export async function buildDataset(): Promise<Dataset> {
  const sources: Source[] = [];
  const fine: Source[] = [];
  for (const photo of await readPhotos()) {
    sources.push(photo, ...(await tiles(photo, 0.6, 2, 'a')), ...(await tiles(photo, 0.4, 3, 'b')));
    fine.push(...(await tiles(photo, 0.25, 4, 'c')));
  }
  const originals = await Promise.all(
    sources.map(async (source) => ({ source, raster: await toRaster(source.png) })),
  );
  const distractors: Dataset['distractors'] = [];
  for (const s of sources) {
    distractors.push({ name: `${s.name}|flop`, raster: await toRaster(sharp(s.png).flop()) });
    distractors.push({ name: `${s.name}|flip`, raster: await toRaster(sharp(s.png).flip()) });
    distractors.push({ name: `${s.name}|rot90`, raster: await toRaster(sharp(s.png).rotate(90)) });
  }
  for (const s of fine) distractors.push({ name: s.name, raster: await toRaster(s.png) });
  for (const [i, raster] of fashionRasters(FASHION_COUNT).entries()) {
    distractors.push({ name: `fashion#${i}`, raster });
  }
  const queries: Dataset['queries'] = {};
  for (const t of TRANSFORMS) {
    queries[t.name] = await Promise.all(sources.map(async (s, i) => toRaster(await t.apply(s, i))));
  }
  return { originals, distractors, queries };
}
