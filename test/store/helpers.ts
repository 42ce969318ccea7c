import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../shared/random/seeded.ts';
import { imageId, objectId } from '../../shared/store/ids.ts';
import { type OpenStoreOptions, openStore } from '../../shared/store/open.ts';
import type { ImageRow, ObjectRow, Store } from '../../shared/store/types.ts';

export const DIM = 8;
export const MODEL = 'test-model';

export async function tempDir(prefix = 'viscura-store-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A store in a fresh temp directory, closed and removed by `cleanup`. */
export async function tempStore(
  options: OpenStoreOptions = {},
): Promise<{ store: Store; dir: string; cleanup(): Promise<void> }> {
  const temp = await tempDir();
  const store = await openStore(temp.dir, options);
  return {
    store,
    dir: temp.dir,
    async cleanup() {
      store.close();
      await temp.cleanup();
    },
  };
}

export function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values) || 1;
  return Float32Array.from(values, (value) => value / norm);
}

/** Deterministic pseudo-random unit vector (mulberry32), so failures reproduce. */
export function randomVector(seed: number, dim = DIM): Float32Array {
  const next = seededRandom(seed);
  return unit(Array.from({ length: dim }, () => next() - 0.5));
}

export function imageRow(dataset: string, key: string, overrides: Partial<ImageRow> = {}): ImageRow {
  return {
    id: imageId(dataset, key),
    dataset,
    key,
    sha256: `sha-${key}`,
    pixelHash: `px-${key}`,
    size: 1234,
    width: 640,
    height: 480,
    format: 'jpeg',
    label: null,
    caption: null,
    tags: [],
    thumbnailKey: `thumbnails/${dataset}/${imageId(dataset, key)}.webp`,
    vector: randomVector(hashSeed(`${dataset}/${key}`)),
    contentVector: null,
    qualityUnjudged: null,
    model: MODEL,
    ingestedAt: 1_700_000_000_000,
    blur: 0,
    dark: 0,
    bright: 0,
    lowInformation: 0,
    oddSize: 0,
    oddAspectRatio: 0,
    grayscale: 0,
    ...overrides,
  };
}

export function objectRow(image: ImageRow, index: number, overrides: Partial<ObjectRow> = {}): ObjectRow {
  return {
    id: objectId(image.id, index),
    imageId: image.id,
    dataset: image.dataset,
    key: image.key,
    label: `part-${index}`,
    box: { x: 0.1 * index, y: 0.1, w: 0.2, h: 0.3 },
    vector: randomVector(hashSeed(`${image.id}/${index}`)),
    model: image.model,
    ...overrides,
  };
}

export function hashSeed(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619);
  return hash >>> 0;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
