import { extname } from 'node:path';

/** The extensions of the formats the decoder reads (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC/HEIF). */
const IMAGE_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
]);

/**
 * Whether a file is one to decode: an image extension, or none at all (a camera dump of bare names is still
 * tried). Anything else (`notes.txt`, `clip.mp4`, `.pdf`) is not an image: skipped and counted, not a failure.
 * A damaged `photo.jpg` is still tried, and reported as damaged.
 */
export function isImageName(key: string): boolean {
  const extension = extname(key).toLowerCase();
  return extension === '' || IMAGE_EXTENSIONS.has(extension);
}
