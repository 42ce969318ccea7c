import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, decodeRegion, isMediaError } from '../../shared/media/index.ts';
import { heic, scene, truncated } from '../helpers/images.ts';

const limits = { maxBytes: 5 * 1024 * 1024, maxPixels: 50_000_000 };

/** Mean absolute difference per channel value between two rasters of one size. */
function meanDifference(a: { data: Uint8Array }, b: { data: Uint8Array }): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

describe('HEIC (HEVC-coded HEIF, as iPhones write it)', () => {
  let png: Buffer;
  let photo: Buffer;
  /** Smaller, for the cases that encode one HEIC each. */
  let small: Buffer;
  beforeAll(async () => {
    png = await scene(11, 'polygons', 640, 400);
    photo = await heic(png);
    small = await scene(12, 'polygons', 240, 160);
  });

  it('decodes to the same picture as its source, with its size and format', async () => {
    const decoded = await decodeImage(photo, limits);
    expect(decoded.meta).toMatchObject({ width: 640, height: 400, format: 'heic', bytes: photo.byteLength });
    const source = await decodeImage(png, limits);
    expect([decoded.raster.width, decoded.raster.height]).toEqual([614, 384]);
    // HEVC at quality 70 is lossy; a wrong decode (channels swapped, rows skewed) differs by tens.
    expect(meanDifference(decoded.raster, source.raster)).toBeLessThan(8);
    // Lossy: near the source, never its exact pixels (the pixel digest is exact, issue 10).
    expect(decoded.meta.pixelHash).not.toBe(source.meta.pixelHash);
  });

  it.each([2, 3, 4, 5, 6, 7, 8])('applies EXIF orientation %i as a camera JPEG does', async (orientation) => {
    const jpeg = await sharp(small).jpeg({ quality: 95 }).withMetadata({ orientation }).toBuffer();
    const [fromHeic, fromJpeg] = await Promise.all([
      decodeImage(await heic(jpeg, 'jpg', 90), limits),
      decodeImage(jpeg, limits),
    ]);
    expect([fromHeic.meta.width, fromHeic.meta.height]).toEqual([fromJpeg.meta.width, fromJpeg.meta.height]);
    expect([fromHeic.raster.width, fromHeic.raster.height]).toEqual([
      fromJpeg.raster.width,
      fromJpeg.raster.height,
    ]);
    expect(meanDifference(fromHeic.raster, fromJpeg.raster)).toBeLessThan(8);
  });

  it('decodes a region of the displayed (oriented) image', async () => {
    const jpeg = await sharp(small).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const box = { x: 0.1, y: 0.2, w: 0.5, h: 0.4 };
    const [fromHeic, fromJpeg] = await Promise.all([
      decodeRegion(await heic(jpeg, 'jpg', 90), box, limits),
      decodeRegion(jpeg, box, limits),
    ]);
    expect([fromHeic.width, fromHeic.height]).toEqual([fromJpeg.width, fromJpeg.height]);
    expect(meanDifference(fromHeic, fromJpeg)).toBeLessThan(8);
  });

  it.each([
    ['the pixel limit, from the header', { ...limits, maxPixels: 100_000 }, 'too-many-pixels'],
    ['the byte limit, before parsing', { ...limits, maxBytes: 100 }, 'too-large'],
  ])('is held to %s', async (_, given, reason) => {
    const error = await decodeImage(photo, given).catch((thrown: unknown) => thrown);
    expect(isMediaError(error) && error.reason).toBe(reason);
  });

  it('decodes off the main thread: timers keep firing while a large HEIC decodes', async () => {
    const large = await heic(await scene(13, 'polygons', 1600, 1200));
    await decodeImage(photo, limits); // the decoder thread is started and compiled
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await decodeImage(large, limits);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // Decoded on this thread, libheif would hold it for the whole decode: no tick at all.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 10);
  });

  it('refuses a truncated HEIC as damaged', async () => {
    const error = await decodeImage(truncated(photo, 0.6), limits).catch((thrown: unknown) => thrown);
    expect(isMediaError(error) && error.reason).toBe('corrupt');
  });
});
