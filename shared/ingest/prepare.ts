import { createHash } from 'node:crypto';
import { errorMessage } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import {
  contentBox,
  cropRaster,
  decodeImage,
  decodeRegion,
  judgeQuality,
  makeThumbnail,
  type Unjudged,
} from '../media/index.ts';
import type { Box, DecodedImage, QualityScores, Raster } from '../media/types.ts';
import { type Annotation, normaliseBoxes } from './annotations/index.ts';
import type { IngestItem } from './source.ts';
import { type StoredState, sameAnnotation } from './stored.ts';

export interface MediaLimits {
  maxBytes: number;
  maxPixels: number;
}

/** An image decoded and analysed, waiting for its embedding. */
export interface PreparedImage {
  key: string;
  decoded: DecodedImage;
  quality: QualityScores;
  /** The checks that could not judge it (too small, no edges), and why: their confidences are 0. */
  unjudged: Unjudged;
  thumbnail: Uint8Array;
  annotation: Annotation;
  objects: { label: string | null; box: Box; raster: Raster }[];
  /** The picture inside a frame someone added (border, padding, letterbox, rotation fill), embedded too. */
  content?: Raster;
  /** Supplied with the image (bring your own embeddings): then the image itself is not embedded. */
  vector?: Float32Array;
}

export type PrepareOutcome =
  | { status: 'prepared'; image: PreparedImage }
  | { status: 'unchanged'; key: string }
  | { status: 'failed'; key: string; sha256: string | null; reason: string };

export interface PrepareOptions {
  limits: MediaLimits;
  thumbnailSize: number;
  /** What is already stored for this key, when anything is. */
  stored?: StoredState;
  annotation: Annotation;
  log?: Logger;
}

/**
 * Bytes -> everything but the embedding: content hash, decode, quality, thumbnail, object crops.
 * Never throws for a bad file: the outcome says why it failed, so one corrupt image cannot stop a batch.
 */
export async function prepareImage(item: IngestItem, options: PrepareOptions): Promise<PrepareOutcome> {
  const { key } = item;
  if (item.size > options.limits.maxBytes) {
    return failed(key, null, `file is ${item.size} bytes, over the ${options.limits.maxBytes}-byte limit`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await item.read();
  } catch (error) {
    return failed(key, null, `cannot read: ${errorMessage(error)}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Same bytes and same annotation: nothing to do. Same bytes under an edited sidecar or manifest: the image is
  // prepared again so its label, caption, tags and object crops are replaced (rare, so no cheaper path).
  const { stored } = options;
  if (stored && sha256 === stored.sha256 && sameAnnotation(options.annotation, stored)) {
    return { status: 'unchanged', key };
  }
  try {
    const decoded = await decodeImage(bytes, options.limits, sha256);
    const [thumbnail, objects] = await Promise.all([
      makeThumbnail(decoded.raster, options.thumbnailSize),
      cropObjects(bytes, decoded, options),
    ]);
    const { scores: quality, unjudged } = judgeQuality(decoded.raster, decoded.meta);
    const frame = contentBox(decoded.raster);
    const content = frame ? cropRaster(decoded.raster, frame) : undefined;
    return {
      status: 'prepared',
      image: { key, decoded, quality, unjudged, thumbnail, annotation: options.annotation, objects, content },
    };
  } catch (error) {
    return failed(key, sha256, errorMessage(error));
  }
}

/** Pixel boxes become normalised once the oriented size is known; each box is cropped from the original. */
async function cropObjects(bytes: Uint8Array, decoded: DecodedImage, options: PrepareOptions) {
  if (options.annotation.objects.length === 0) return [];
  const { annotation, warnings } = normaliseBoxes(
    options.annotation,
    decoded.meta.width,
    decoded.meta.height,
  );
  for (const warning of warnings) options.log?.warn('object box adjusted', { warning });
  const crops = [];
  for (const object of annotation.objects) {
    crops.push({ ...object, raster: await cropOrDecode(bytes, decoded, object.box, options.limits) });
  }
  return crops;
}

/** Embedders look at 224 px; below that in the working copy, a crop is decoded again at full detail. */
const MIN_CROP_SIDE = 224;

/** A crop of the working raster costs nothing; a second decode is spent only where detail would be lost. */
function cropOrDecode(
  bytes: Uint8Array,
  decoded: DecodedImage,
  box: Box,
  limits: MediaLimits,
): Promise<Raster> {
  const { raster, meta } = decoded;
  const isFullSize = raster.width === meta.width && raster.height === meta.height;
  const side = Math.min(box.w * raster.width, box.h * raster.height);
  if (isFullSize || side >= MIN_CROP_SIDE) return Promise.resolve(cropRaster(raster, box));
  return decodeRegion(bytes, box, limits);
}

function failed(key: string, sha256: string | null, reason: string): PrepareOutcome {
  return { status: 'failed', key, sha256, reason };
}
