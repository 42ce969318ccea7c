import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { boxToPixels } from './box.ts';
import { type DecodeLimits, decodeFailure, type Header, readHeader } from './header.ts';
import { heicPixels } from './heic.ts';
import { pixelHash } from './pixel-hash.ts';
import type { Box, DecodedImage, Raster } from './types.ts';

/** Shortest side of the working raster: enough for 224-px embedders and for blur judged at 384 px. */
export const DEFAULT_WORKING_SIZE = 384;
/**
 * The working raster's long side stays within this many short sides: panoramas up to 8:1 keep the full working
 * size, longer strips fit inside (working size x 8) instead, so no raster is ever bigger than 384 x 3,072.
 */
export const MAX_WORKING_ASPECT = 8;
/** Lanczos-3 after libvips' shrink-on-load: sharp's default, sharp edges without ringing worth measuring. */
const KERNEL = 'lanczos3';
/** Transparent pixels become white, so a logo on a transparent canvas looks as it does in a browser. */
const BACKGROUND = '#ffffff';

/**
 * Decodes an untrusted file once into everything the pipeline needs: its metadata and a working raster
 * (RGB, oriented, shortest side at most the working size). Throws a MediaError with a reason when it cannot.
 */
export async function decodeImage(
  bytes: Uint8Array,
  limits: DecodeLimits,
  /** The caller's sha256 of `bytes`, when it already hashed them (ingest does, to skip unchanged files). */
  knownSha256?: string,
): Promise<DecodedImage> {
  const header = await readHeader(bytes, limits);
  const target = workingDimensions(header.width, header.height, workingSize(limits));
  const raster = await render(header, limits, (image) => {
    if (target) image.resize(target.width, target.height, { fit: 'fill', kernel: KERNEL });
  });
  return {
    meta: {
      width: header.width,
      height: header.height,
      format: header.format,
      bytes: bytes.byteLength,
      sha256: knownSha256 ?? createHash('sha256').update(bytes).digest('hex'),
      pixelHash: pixelHash(raster, header),
    },
    raster,
  };
}

/**
 * Decodes only a region of the oriented image (object boxes, "find similar" by region), at full detail up to the
 * working size, so a small object in a large photo keeps its pixels.
 */
export async function decodeRegion(bytes: Uint8Array, box: Box, limits: DecodeLimits): Promise<Raster> {
  const header = await readHeader(bytes, limits);
  const region = boxToPixels(box, header.width, header.height);
  const target = workingDimensions(region.width, region.height, workingSize(limits));
  return render(header, limits, (image) => {
    image.extract(region);
    if (target) image.resize(target.width, target.height, { fit: 'fill', kernel: KERNEL });
  });
}

/**
 * The working raster's size: shortest side at most `size`, longest at most `size` x MAX_WORKING_ASPECT, aspect
 * kept, never upscaled; undefined when the image already fits. Depends on the working size alone, never on how
 * long the input's side is.
 */
export function workingDimensions(
  width: number,
  height: number,
  size: number,
): { width: number; height: number } | undefined {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const scale = Math.min(1, size / short, (size * MAX_WORKING_ASPECT) / long);
  if (scale >= 1) return undefined;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function workingSize(limits: DecodeLimits): number {
  const size = limits.workingSize ?? DEFAULT_WORKING_SIZE;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`workingSize must be a positive integer, got ${size}`);
  return size;
}

/** The header check already ran; libvips' own limit stays as a second guard against a lying header. */
function open(header: Header, limits: DecodeLimits): Promise<Sharp> | Sharp {
  if (header.format === 'heic') return heicPixels(header.input, header.exif);
  return sharp(header.input, { autoOrient: true, pages: 1, limitInputPixels: limits.maxPixels });
}

/** One libvips pipeline: orient, shape (resize or extract), flatten, sRGB, 8-bit RGB. */
async function render(header: Header, limits: DecodeLimits, shape: (image: Sharp) => void): Promise<Raster> {
  try {
    const image = await open(header, limits);
    shape(image);
    // HEIC pixels arrive as RGBA whether or not the file has alpha.
    if (header.hasAlpha || header.format === 'heic') image.flatten({ background: BACKGROUND });
    const { data, info } = await image
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw decodeFailure(error);
  }
}
