/**
 * What ingest keeps of each bench image, made the way ingest makes it: the working raster's descriptor vector,
 * the 256-px WebP thumbnail (what verification reads), sha256 and pixel hash; plus the two hash peers' hashes.
 */
import { bmvbhash } from 'blockhash-core';
import sharp from 'sharp';
import phashModule from 'sharp-phash';
import { type VerifyImage, verifyImageFromBytes } from '../../shared/curate/duplicates/verify/index.ts';
import { createDescriptorEmbedder } from '../../shared/embed/index.ts';
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

// The package's types declare an ES default export; at run time the CommonJS function is that default.
const phash = phashModule as unknown as (input: Buffer) => Promise<string>;
const LIMITS = { maxBytes: 1 << 28, maxPixels: 1e8 };

export async function featuresOf(item: BenchItem): Promise<ItemFeatures> {
  const embedder = createDescriptorEmbedder();
  const decoded = await decodeImage(item.bytes, LIMITS);
  const [vector] = await embedder.embedImages([decoded.raster]);
  const thumbnail = await makeThumbnail(decoded.raster, 256);
  const rgba = await sharp(item.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    vector,
    thumbnail,
    verify: await verifyImageFromBytes(thumbnail),
    sha256: decoded.meta.sha256,
    pixelHash: decoded.meta.pixelHash,
    width: decoded.meta.width,
    height: decoded.meta.height,
    phash: await phash(item.bytes),
    blockhash: bmvbhash({ width: rgba.info.width, height: rgba.info.height, data: rgba.data }, 16),
  };
}
