/**
 * The ingest path taken apart: each stage of one image timed on its own (CPU time of this process), one image
 * after another, so the figures add up to what one image costs. Used by bench/ingest.ts --stages.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe } from '../shared/embed/descriptor/features.ts';
import { DEFAULT_WORKING_SIZE, decodeImage, makeThumbnail, pixelHash } from '../shared/media/index.ts';
import { edgeWidth } from '../shared/media/quality/blur.ts';
import { luma } from '../shared/media/quality/luma.ts';
import { colourStats } from '../shared/media/quality/stats.ts';

const LIMITS = { maxBytes: 1 << 30, maxPixels: 1 << 30 };

export async function measureStages(files: string[]): Promise<[string, number][]> {
  const totals = new Map<string, number>();
  const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    const before = process.cpuUsage();
    const result = await work();
    const used = process.cpuUsage(before);
    totals.set(stage, (totals.get(stage) ?? 0) + (used.user + used.system) / 1000);
    return result;
  };
  for (const file of files) {
    const bytes = await timed('read file', () => readFile(file));
    const sha256 = await timed('sha256', () => createHash('sha256').update(bytes).digest('hex'));
    await timed('(bare sharp decode + resize, for scale)', () =>
      sharp(bytes)
        .rotate()
        .resize({
          width: DEFAULT_WORKING_SIZE,
          height: DEFAULT_WORKING_SIZE,
          fit: 'outside',
          withoutEnlargement: true,
        })
        .removeAlpha()
        .raw()
        .toBuffer(),
    );
    // decodeImage includes the pixel hash; it is timed again below on a fresh copy of the raster (no cached grey).
    const decoded = await timed('decodeImage (header, decode, grey plane, pixel hash)', () =>
      decodeImage(bytes, LIMITS, sha256),
    );
    const copy = { ...decoded.raster };
    await timed('  of which: pixel hash (sha256 of the raster)', () => pixelHash(copy, decoded.meta));
    await timed('thumbnail (WebP)', () => makeThumbnail(decoded.raster, 256));
    const gray = luma(decoded.raster);
    await timed('quality: colour statistics', () => colourStats(decoded.raster));
    await timed('quality: edge width (blur)', () =>
      edgeWidth(gray, decoded.raster.width, decoded.raster.height),
    );
    await timed('descriptor embedding', () => describe(decoded.raster));
  }
  return [...totals].map(([stage, ms]) => [stage, ms / files.length]);
}
