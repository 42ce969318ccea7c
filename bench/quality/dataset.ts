/**
 * The labelled real-photo quality set: every corpus photo at about 1 MP, its graded degradations and hard
 * negatives, each with its ground truth, written once as JPEG q92 under bench/.tmp/quality/ (rebuilt when
 * missing). docs/quality.md describes the set and why each truth is what it is.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import sharp from 'sharp';
import type { Raster } from '../../shared/media/types.ts';
import * as d from '../../test/helpers/degrade.ts';
import { seeded } from '../eval/random.ts';
import { type CorpusPhoto, loadCorpus } from '../photos/corpus.ts';

/** What a variant was made by; `clean` is the photo itself. */
export type Degradation =
  | 'clean'
  | 'under'
  | 'over'
  | 'wash'
  | 'haze'
  | 'soft'
  | 'gaussian'
  | 'disc'
  | 'motion'
  | 'dof'
  | 'studio'
  | 'sky'
  | 'white'
  | 'black'
  | 'night'
  | 'grey'
  | 'sepia'
  | 'greyThings';

export interface Truth {
  blur: boolean;
  dark: boolean;
  bright: boolean;
  grayscale: boolean;
}

export interface Item {
  photo: string;
  variant: string;
  kind: Degradation;
  /** Made to look like a problem it is not (a shallow depth of field, a night scene, a white product shot...). */
  hardNegative: boolean;
  truth: Truth;
  split: 'train' | 'test';
  file: string;
}

type Make = (base: Raster, k: number, random: () => number) => Raster | Promise<Raster>;

interface Recipe {
  variant: string;
  kind: Degradation;
  hardNegative?: boolean;
  /** Which truths the recipe sets; blur is also true whenever the photo itself is blurred. */
  sets?: Partial<Truth>;
  colourOnly?: boolean;
  make: Make;
}

/** Photos that are blurred as published: a motion-blurred clock and a landscape shot from a moving car. */
const NATURALLY_BLURRED = new Set(['python3-skimage/clock_motion', 'mate-backgrounds/Storm']);

const WHITE: [number, number, number] = [255, 255, 255];
const HAZE: [number, number, number] = [200, 206, 214];
const SET_VERSION = 'v1';
const TARGET_PIXELS = 1_000_000;

/** A subject cut out as an ellipse around the photo's busiest part and placed on `background`. */
async function onBackground(base: Raster, background: Raster, feather: number): Promise<Raster> {
  const centre = d.busiestCentre(base, 0.6);
  const side = Math.round(Math.min(base.width, base.height) * 0.6);
  const left = Math.round(Math.min(Math.max(0, centre.x - side / 2), base.width - side));
  const top = Math.round(Math.min(Math.max(0, centre.y - side / 2), base.height - side));
  const crop = await sharp(base.data, { raw: { width: base.width, height: base.height, channels: 3 } })
    .extract({ left, top, width: side, height: side })
    .resize(Math.round(base.height * 0.7), Math.round(base.height * 0.7))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const subject = { data: new Uint8Array(crop.data), width: crop.info.width, height: crop.info.height };
  const r = subject.width / 2;
  const mask = d.ellipseMask(subject.width, subject.height, { x: r, y: r }, r * 0.98, r * 0.98, feather);
  const x = Math.round((background.width - subject.width) / 2);
  const y = Math.round((background.height - subject.height) / 2);
  return d.paste(background, subject, mask, x, y);
}

const RECIPES: Recipe[] = [
  { variant: 'clean', kind: 'clean', make: (b) => b },
  // One stop either way is within a camera's latitude: labelled not dark / not bright.
  { variant: 'ev-1', kind: 'under', make: (b) => d.exposure(b, -1) },
  { variant: 'ev-2', kind: 'under', sets: { dark: true }, make: (b) => d.exposure(b, -2) },
  { variant: 'ev-3', kind: 'under', sets: { dark: true }, make: (b) => d.exposure(b, -3) },
  { variant: 'ev+1', kind: 'over', make: (b) => d.exposure(b, 1) },
  { variant: 'ev+2', kind: 'over', sets: { bright: true }, make: (b) => d.exposure(b, 2) },
  { variant: 'ev+3', kind: 'over', sets: { bright: true }, make: (b) => d.exposure(b, 3) },
  { variant: 'wash-40', kind: 'wash', sets: { bright: true }, make: (b) => d.veil(b, 0.4, WHITE) },
  { variant: 'wash-65', kind: 'wash', sets: { bright: true }, make: (b) => d.veil(b, 0.65, WHITE) },
  { variant: 'haze-55', kind: 'haze', sets: { bright: true }, make: (b) => d.veil(b, 0.55, HAZE) },
  { variant: 'haze-75', kind: 'haze', sets: { bright: true }, make: (b) => d.veil(b, 0.75, HAZE) },
  // Sigma 1 px at 1 MP is invisible at any normal viewing size: not blurred.
  { variant: 'soft-1', kind: 'soft', make: (b, k) => d.gaussian(b, Math.max(0.3, k)) },
  { variant: 'gaussian-3', kind: 'gaussian', sets: { blur: true }, make: (b, k) => d.gaussian(b, 3 * k) },
  { variant: 'gaussian-6', kind: 'gaussian', sets: { blur: true }, make: (b, k) => d.gaussian(b, 6 * k) },
  { variant: 'disc-4', kind: 'disc', sets: { blur: true }, make: (b, k) => d.disc(b, 4 * k) },
  { variant: 'disc-8', kind: 'disc', sets: { blur: true }, make: (b, k) => d.disc(b, 8 * k) },
  { variant: 'motion-15-0', kind: 'motion', sets: { blur: true }, make: (b, k) => d.motion(b, 15 * k, 0) },
  { variant: 'motion-20-90', kind: 'motion', sets: { blur: true }, make: (b, k) => d.motion(b, 20 * k, 90) },
  { variant: 'motion-25-45', kind: 'motion', sets: { blur: true }, make: (b, k) => d.motion(b, 25 * k, 45) },
  {
    variant: 'motion-18-135',
    kind: 'motion',
    sets: { blur: true },
    make: (b, k) => d.motion(b, 18 * k, 135),
  },
  {
    variant: 'motion-22-any',
    kind: 'motion',
    sets: { blur: true },
    make: (b, k, random) => d.motion(b, 22 * k, Math.round(random() * 180)),
  },
  {
    // Shallow depth of field: the busiest fifth of the frame stays sharp, the rest is thrown out of focus.
    variant: 'dof',
    kind: 'dof',
    hardNegative: true,
    make: async (b, k) => {
      const centre = d.busiestCentre(b, 0.45);
      const mask = d.ellipseMask(b.width, b.height, centre, 0.22 * b.width, 0.3 * b.height, 12 * k);
      return d.blend(b, await d.gaussian(b, 8 * k), mask);
    },
  },
  {
    variant: 'studio',
    kind: 'studio',
    hardNegative: true,
    make: (b, _k, random) =>
      onBackground(b, d.canvas(b.width, b.height, [206, 206, 204], [178, 178, 176], 1.2, random), 3),
  },
  {
    // A big smooth sky over the lower part of the photo.
    variant: 'sky',
    kind: 'sky',
    hardNegative: true,
    make: (b, _k, random) => {
      const sky = d.canvas(b.width, b.height, [62, 118, 196], [196, 220, 238], 1.5, random);
      const mask = new Float32Array(b.width * b.height);
      for (let y = 0; y < b.height; y++) {
        mask.fill(Math.min(1, Math.max(0, (y - 0.55 * b.height) / 6)), y * b.width, (y + 1) * b.width);
      }
      return d.blend(b, sky, mask);
    },
  },
  {
    variant: 'white-product',
    kind: 'white',
    hardNegative: true,
    make: (b) => onBackground(b, d.canvas(b.width, b.height, WHITE, WHITE, 0), 1.5),
  },
  {
    // A studio white sweep as shot: blown at the top, falling off to a light grey at the bottom, with grain.
    variant: 'white-sweep',
    kind: 'white',
    hardNegative: true,
    make: (b, _k, random) =>
      onBackground(b, d.canvas(b.width, b.height, [262, 262, 262], [232, 234, 236], 1.5, random), 1.5),
  },
  {
    variant: 'black-background',
    kind: 'black',
    hardNegative: true,
    make: (b) => onBackground(b, d.canvas(b.width, b.height, [0, 0, 0], [0, 0, 0], 0), 1.5),
  },
  {
    // The scene four stops down with lit windows and street lamps: dark by nature, exposed for its lights.
    variant: 'night',
    kind: 'night',
    hardNegative: true,
    make: (b, _k, random) => d.lights(d.exposure(b, -4), 0.025, random),
  },
  { variant: 'grey', kind: 'grey', colourOnly: true, make: (b) => d.grey(b) },
  { variant: 'sepia', kind: 'sepia', colourOnly: true, hardNegative: true, make: (b) => d.sepia(b) },
  {
    // Overcast grey with one small coloured thing (about 1% of the frame): a colour photo of grey things.
    variant: 'grey-things',
    kind: 'greyThings',
    colourOnly: true,
    hardNegative: true,
    make: (b) => {
      const centre = d.busiestCentre(b, 0.1);
      const mask = d.ellipseMask(b.width, b.height, centre, 0.06 * b.width, 0.05 * b.height, 2);
      return d.mostlyGrey(b, 0.15, mask);
    },
  },
];

const here = dirname(fileURLToPath(import.meta.url));
export const SET_DIR = join(here, '..', '.tmp', 'quality', SET_VERSION);

/** Stable split by source photo (never by degradation), about 60% train / 40% test. */
function splitOf(name: string): 'train' | 'test' {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h % 5 < 2 ? 'test' : 'train';
}

function isGrey(image: Raster): boolean {
  const { data } = image;
  for (let p = 0; p < data.length; p += 3) {
    if (data[p] !== data[p + 1] || data[p] !== data[p + 2]) return false;
  }
  return true;
}

async function loadBase(photo: CorpusPhoto): Promise<{ base: Raster; k: number }> {
  const meta = await sharp(photo.path).rotate().metadata();
  const pixels = (meta.autoOrient?.width ?? meta.width ?? 1) * (meta.autoOrient?.height ?? meta.height ?? 1);
  const scale = Math.min(1, Math.sqrt(TARGET_PIXELS / pixels));
  const width = Math.round((meta.autoOrient?.width ?? meta.width ?? 1) * scale);
  const { data, info } = await sharp(photo.path)
    .rotate()
    .resize(width)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const base = { data: new Uint8Array(data), width: info.width, height: info.height };
  return { base, k: Math.sqrt((info.width * info.height) / TARGET_PIXELS) };
}

interface PhotoInfo {
  grey: boolean;
}

/** Builds (or reuses) the files of one photo and returns its items. */
async function buildPhoto(photo: CorpusPhoto): Promise<Item[]> {
  const dir = join(SET_DIR, photo.name.replace(/[^A-Za-z0-9_-]+/g, '_'));
  const infoFile = join(dir, 'photo.cache');
  let loaded: { base: Raster; k: number } | undefined;
  const base = async () => {
    loaded ??= await loadBase(photo);
    return loaded;
  };
  let info: PhotoInfo;
  if (existsSync(infoFile)) info = JSON.parse(await readFile(infoFile, 'utf8'));
  else {
    await mkdir(dir, { recursive: true });
    info = { grey: isGrey((await base()).base) };
    await writeFile(infoFile, JSON.stringify(info));
  }
  const blurred = NATURALLY_BLURRED.has(photo.name);
  const items: Item[] = [];
  for (const [index, recipe] of RECIPES.entries()) {
    if (recipe.colourOnly && info.grey) continue;
    const file = join(dir, `${recipe.variant}.jpg`);
    const greyFile = `${file}.grey`;
    if (!existsSync(file)) {
      const { base: raster, k } = await base();
      const random = seeded(index * 7919 + photo.name.length * 104729 + raster.width);
      const out = await recipe.make(raster, k, random);
      // Grayscale truth is exact: every pixel R = G = B before encoding.
      await writeFile(greyFile, String(isGrey(out)));
      await sharp(out.data, { raw: { width: out.width, height: out.height, channels: 3 } })
        .jpeg({ quality: 92 })
        .toFile(file);
    }
    const greyOut = (await readFile(greyFile, 'utf8')) === 'true';
    items.push({
      photo: photo.name,
      variant: recipe.variant,
      kind: recipe.kind,
      hardNegative: recipe.hardNegative ?? false,
      truth: {
        blur: (recipe.sets?.blur ?? false) || blurred,
        dark: recipe.sets?.dark ?? false,
        bright: recipe.sets?.bright ?? false,
        grayscale: greyOut,
      },
      split: splitOf(photo.name),
      file,
    });
  }
  return items;
}

export interface QualitySet {
  items: Item[];
  missingPackages: string[];
}

/** Every item of the set, generating the files that are not there yet (about 3 minutes the first time). */
export async function buildQualitySet(): Promise<QualitySet> {
  const { photos, missingPackages } = loadCorpus();
  const limit = pLimit(2);
  const perPhoto = await Promise.all(photos.map((photo) => limit(() => buildPhoto(photo))));
  return { items: perPhoto.flat(), missingPackages };
}
