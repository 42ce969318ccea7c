/**
 * What ingest keeps of each bench image, made the way ingest makes it: the working raster's descriptor vector,
 * the 256-px WebP thumbnail (what verification reads), sha256 and pixel hash; plus the two hash peers' hashes.
 * Cached under bench/.tmp/duplicates/features-<version>/ (the version hashes the copies' recipes, this file and
 * the descriptor's model id), so a second run skips making and describing the ~2 000 copies.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bmvbhash } from 'blockhash-core';
import sharp from 'sharp';
import phashModule from 'sharp-phash';
import { type VerifyImage, verifyImageFromBytes } from '../../shared/curate/duplicates/verify/index.ts';
import { createDescriptorEmbedder, DESCRIPTOR_MODEL_ID } from '../../shared/embed/index.ts';
import { decodeImage, makeThumbnail } from '../../shared/media/index.ts';
import type { BenchItem } from './dataset.ts';

export interface ItemFeatures {
  vector: Float32Array;
  thumbnail: Uint8Array;
  verify: VerifyImage;
  sha256: string;
  pixelHash: string;
  width: number;
  height: number;
  /** sharp-phash: 64 bits as a '0'/'1' string. */
  phash: string;
  /** blockhash-core bmvbhash, 16 x 16 = 256 bits, hex. */
  blockhash: string;
}

type Stored = Omit<ItemFeatures, 'vector' | 'thumbnail' | 'verify'> & { vector: string; thumbnail: string };

// The package's types declare an ES default export; at run time the CommonJS function is that default.
const phash = phashModule as unknown as (input: Buffer) => Promise<string>;
const LIMITS = { maxBytes: 1 << 28, maxPixels: 1e8 };
const embedder = createDescriptorEmbedder();

const VERSION = createHash('sha256')
  .update(DESCRIPTOR_MODEL_ID)
  .update(readFileSync(join(import.meta.dirname, 'transforms.ts')))
  .update(readFileSync(import.meta.filename))
  .digest('hex')
  .slice(0, 12);
const CACHE = join(import.meta.dirname, '..', '.tmp', 'duplicates', `features-${VERSION}`);

export async function featuresOf(item: BenchItem, options: { fresh?: boolean } = {}): Promise<ItemFeatures> {
  const path = join(CACHE, `${createHash('sha256').update(item.key).digest('hex').slice(0, 24)}.json`);
  if (!options.fresh && existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Stored;
    const thumbnail = new Uint8Array(Buffer.from(stored.thumbnail, 'base64'));
    const raw = Buffer.from(stored.vector, 'base64');
    const vector = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4).slice();
    return { ...stored, vector, thumbnail, verify: await verifyImageFromBytes(thumbnail) };
  }
  const features = await describeItem(await item.bytes());
  mkdirSync(CACHE, { recursive: true });
  const { verify: _, ...rest } = features;
  const stored: Stored = {
    ...rest,
    vector: Buffer.from(
      features.vector.buffer,
      features.vector.byteOffset,
      features.vector.byteLength,
    ).toString('base64'),
    thumbnail: Buffer.from(features.thumbnail).toString('base64'),
  };
  writeFileSync(path, JSON.stringify(stored));
  return features;
}

async function describeItem(bytes: Buffer): Promise<ItemFeatures> {
  const decoded = await decodeImage(bytes, LIMITS);
  const [vector] = await embedder.embedImages([decoded.raster]);
  const thumbnail = await makeThumbnail(decoded.raster, 256);
  const rgba = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    vector,
    thumbnail,
    verify: await verifyImageFromBytes(thumbnail),
    sha256: decoded.meta.sha256,
    pixelHash: decoded.meta.pixelHash,
    width: decoded.meta.width,
    height: decoded.meta.height,
    phash: await phash(bytes),
    blockhash: bmvbhash({ width: rgba.info.width, height: rgba.info.height, data: rgba.data }, 16),
  };
}
