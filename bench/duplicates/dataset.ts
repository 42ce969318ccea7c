/**
 * The near-duplicate benchmark set: each corpus photo (bench/photos/corpus.ts) as an original at a working size,
 * every copy of transforms.ts made from it, and hard negatives that must stay apart: two crops of one photo that
 * overlap little (20% of the width), skimage's stereo pair (motorcycle_left / motorcycle_right: one scene, two
 * viewpoints) and the textures, which look alike by design. Originals are cached under bench/.tmp/duplicates.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { type CorpusPhoto, installHint, loadCorpus } from '../photos/corpus.ts';
import { type CopyKind, TRANSFORMS } from './transforms.ts';

/** Longest side of the originals: large enough for 25% copies to stay usable, small enough to run in minutes. */
const ORIGINAL_SIDE = 1024;
const CACHE = join(import.meta.dirname, '..', '.tmp', 'duplicates');

export type ItemRole = 'original' | 'copy' | 'overlap-crop' | 'other-viewpoint';

export interface BenchItem {
  key: string;
  /** Made on demand: a run whose features are cached (features.ts) never makes the copy again. */
  bytes: () => Promise<Buffer>;
  /** The corpus photo it comes from (the stereo pair's right view is a source of its own). */
  source: string;
  role: ItemRole;
  transform: string;
  kind: CopyKind | null;
  texture: boolean;
}

export interface BenchSet {
  items: BenchItem[];
  /** Pairs (by key) of the same source that must still stay apart. */
  apart: [string, string][];
  missing: string;
}

export async function buildBenchSet(limit?: number): Promise<BenchSet> {
  const { photos, missingPackages } = loadCorpus();
  const chosen = limit ? photos.slice(0, limit) : photos;
  mkdirSync(CACHE, { recursive: true });
  const items: BenchItem[] = [];
  const apart: [string, string][] = [];
  for (const photo of chosen) {
    const original = await originalOf(photo.path, photo.name);
    const { width, height } = await sharp(original).metadata();
    const texture = photo.kind === 'texture';
    const base = { source: photo.name, texture };
    items.push({
      ...base,
      key: `${photo.name}/original.png`,
      bytes: async () => original,
      role: 'original',
      transform: 'original',
      kind: null,
    });
    for (const t of TRANSFORMS) {
      items.push({
        ...base,
        key: `${photo.name}/${t.name}`,
        bytes: () => t.make(original, width as number, height as number),
        role: 'copy',
        transform: t.name,
        kind: t.kind,
      });
    }
    const crops = await overlappingCrops(original, width as number, height as number);
    const keys = crops.map((_, i) => `${photo.name}/overlap-crop-${i === 0 ? 'left' : 'right'}`);
    crops.forEach((bytes, i) => {
      items.push({
        ...base,
        key: keys[i],
        bytes: async () => bytes,
        role: 'overlap-crop',
        transform: 'crop 60% (20% overlap)',
        kind: null,
      });
    });
    apart.push([keys[0], keys[1]]);
    if (photo.name.endsWith('/motorcycle_left')) {
      const right = join(dirname(photo.path), 'motorcycle_right.png');
      if (existsSync(right)) {
        const key = `${basename(dirname(photo.path))}/motorcycle_right/original.png`;
        const bytes = await originalOf(right, 'python3-skimage/motorcycle_right');
        items.push({
          key,
          bytes: async () => bytes,
          source: 'python3-skimage/motorcycle_right',
          role: 'other-viewpoint',
          transform: 'other viewpoint',
          kind: null,
          texture: false,
        });
      }
    }
  }
  return { items, apart, missing: installHint(missingPackages) };
}

/** Left and right 60%-wide crops: each a fair crop of the original, overlapping each other by 20% of the width. */
async function overlappingCrops(original: Buffer, width: number, height: number): Promise<Buffer[]> {
  const w = Math.round(width * 0.6);
  return Promise.all(
    [0, width - w].map((left) =>
      sharp(original).extract({ left, top: 0, width: w, height }).png({ compressionLevel: 1 }).toBuffer(),
    ),
  );
}

async function originalOf(path: string, name: string): Promise<Buffer> {
  const cached = join(CACHE, `${name.replaceAll('/', '__')}.png`);
  if (existsSync(cached)) return readFileSync(cached);
  const bytes = await sharp(path, { autoOrient: true })
    .resize(ORIGINAL_SIDE, ORIGINAL_SIDE, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .png({ compressionLevel: 1 })
    .toBuffer();
  writeFileSync(cached, bytes);
  return bytes;
}

export type { CorpusPhoto };
