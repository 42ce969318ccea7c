import { createHash } from 'node:crypto';
import type { Raster } from './types.ts';

/** Marks the exact digest, so rows hashed by the old coarse fingerprint (a 6x6 grey grid) never match it. */
export const PIXEL_HASH_PREFIX = 'px1:';

/**
 * A digest of the decoded picture, not the file: two files share it only when their oriented full-resolution
 * size is the same and their decoded working rasters are identical byte for byte (tolerance: none). When the
 * picture is at most the working size the raster is every full-resolution pixel; above it, the raster is the one
 * deterministic libvips downscale both went through, so a difference smaller than that downscale can hide could go
 * unseen, and two formats whose decoders shrink differently on load (JPEG and WebP do) read as near duplicates
 * ("re-encoded") even when their full pixels agree: the error goes the safe way. Anything else (a re-encode, a
 * resize, a tone shift, a blur) changes it: those are near duplicates.
 */
export function pixelHash(raster: Raster, full: { width: number; height: number }): string {
  const digest = createHash('sha256')
    .update(`${full.width}x${full.height}:${raster.width}x${raster.height}:`)
    .update(raster.data)
    .digest('hex');
  return `${PIXEL_HASH_PREFIX}${digest}`;
}

/** Whether two stored pixel hashes prove identical pixels (the old coarse fingerprints never do). */
export function samePixels(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && a === b && a.startsWith(PIXEL_HASH_PREFIX);
}
