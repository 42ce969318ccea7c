import sharp, { type Metadata } from 'sharp';
import { MediaError } from './errors.ts';
import { heicDisplaySize } from './heic.ts';

/** sharp's format names read here. HEVC-coded HEIF (HEIC) has its header read by sharp, its pixels by heic.ts. */
const SUPPORTED = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);
const SUPPORTED_NAMES = 'supported formats are JPEG, PNG, WebP, GIF (first frame), TIFF, AVIF and HEIC';

export interface DecodeLimits {
  /** Larger files are refused before they are parsed. */
  maxBytes: number;
  /** width x height above this is refused from the header, before any pixel is decoded. */
  maxPixels: number;
  /** Shortest side of the working raster (never upscaled); DEFAULT_WORKING_SIZE when absent. */
  workingSize?: number;
}

/**
 * No common photo format carries a longer side (JPEG's and HEIC's field is 16 bits; WebP stops at 16,383), so a
 * longer one is a crafted or broken file, whatever its pixel count.
 */
export const MAX_SIDE = 65_535;
/**
 * Long side over short side above this is a strip, not a picture any check here can judge (the longest real
 * panoramas and scrolled screenshots stay well under it); refused from the header, like a bomb.
 */
export const MAX_ASPECT_RATIO = 100;

export interface Header {
  input: Buffer;
  /** jpeg, png, webp, gif, tiff, avif or heic. */
  format: string;
  /** The EXIF block, where a HEIC's orientation may be (sharp applies it for every other format). */
  exif?: Buffer;
  /** Displayed size, after EXIF orientation. */
  width: number;
  height: number;
  hasAlpha: boolean;
}

/**
 * Checks a file against the limits using only its header: size first (nothing parsed), then format, then the
 * pixel count, so a decompression bomb costs a header read.
 */
export async function readHeader(bytes: Uint8Array, limits: DecodeLimits): Promise<Header> {
  if (bytes.byteLength === 0) throw new MediaError('empty', 'The file is empty (0 bytes).');
  if (bytes.byteLength > limits.maxBytes) {
    throw new MediaError(
      'too-large',
      `The file is ${formatBytes(bytes.byteLength)}, above the ${formatBytes(limits.maxBytes)} limit (ingest.maxBytes).`,
    );
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw decodeFailure(error);
  }
  const format = formatName(meta);
  if (!SUPPORTED.has(meta.format ?? '')) {
    throw new MediaError(
      'unsupported-format',
      `The file is ${format ? `in ${format.toUpperCase()} format` : 'not a readable image'}; ${SUPPORTED_NAMES}.`,
    );
  }
  if (!meta.width || !meta.height)
    throw new MediaError('corrupt', 'The image header has no width or height.');
  checkShape(meta.width, meta.height);
  if (meta.width * meta.height > limits.maxPixels) {
    throw new MediaError(
      'too-many-pixels',
      `The image is ${meta.width} x ${meta.height} pixels, above the ${limits.maxPixels.toLocaleString('en-US')} pixel limit (ingest.maxPixels); it was not decoded.`,
    );
  }
  const oriented =
    format === 'heic'
      ? heicDisplaySize(input, meta.exif, meta.width, meta.height)
      : (meta.autoOrient ?? { width: meta.width, height: meta.height });
  return {
    input,
    format,
    exif: meta.exif,
    width: oriented.width,
    height: oriented.height,
    hasAlpha: meta.hasAlpha,
  };
}

/** Each side and the aspect ratio, before the pixel count: 2 x 19,999,999 is under most pixel limits. */
function checkShape(width: number, height: number): void {
  const shape = `${width.toLocaleString('en-US')} x ${height.toLocaleString('en-US')} pixels`;
  if (Math.max(width, height) > MAX_SIDE) {
    throw new MediaError(
      'side-too-long',
      `The image is ${shape}: a side is over the ${MAX_SIDE.toLocaleString('en-US')}-pixel limit (the longest side a JPEG or HEIC can hold); it was not decoded.`,
    );
  }
  const ratio = Math.max(width, height) / Math.min(width, height);
  if (ratio > MAX_ASPECT_RATIO) {
    throw new MediaError(
      'extreme-aspect-ratio',
      `The image is ${shape}: its long side is ${Math.round(ratio).toLocaleString('en-US')} times its short side, above the ${MAX_ASPECT_RATIO}:1 limit (a strip, not a picture); it was not decoded.`,
    );
  }
}

/** AVIF and HEIC share sharp's `heif` container name; the codec tells them apart. */
function formatName(meta: Metadata): string {
  if (meta.format !== 'heif') return meta.format ?? '';
  return meta.compression === 'av1' ? 'avif' : 'heic';
}

/** Turns a sharp/libvips failure into the reason a person can act on. */
export function decodeFailure(error: unknown): MediaError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(detail)) {
    return new MediaError('unsupported-format', `The file is not a readable image; ${SUPPORTED_NAMES}.`, {
      cause: error,
    });
  }
  if (/pixel limit/i.test(detail)) {
    return new MediaError(
      'too-many-pixels',
      'The image has more pixels than the limit allows (ingest.maxPixels).',
      {
        cause: error,
      },
    );
  }
  return new MediaError('corrupt', `The image is damaged or truncated: ${detail.split('\n')[0]}`, {
    cause: error,
  });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
