import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../shared/media/index.ts';
import { encodeAs, flatImage, renderScene, SCENE_KINDS, transformations } from '../helpers/images.ts';

const limits = { maxBytes: 50 * 1024 * 1024, maxPixels: 50_000_000 };
const hashOf = async (bytes: Uint8Array) => (await decodeImage(bytes, limits)).meta.pixelHash;

describe('pixelHash', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await renderScene(3, 'polygons', 800, 600);
  });

  it('is the same for the same pixels in another lossless container or with other metadata', async () => {
    // At most the working size (384 px), so every full-resolution pixel is hashed whatever the decoder.
    const small = await renderScene(3, 'polygons', 360, 240);
    const copies = [
      await encodeAs(small, 'webp-lossless'),
      await sharp(small).tiff({ compression: 'lzw' }).toBuffer(),
      await sharp(small).png({ compressionLevel: 9 }).withMetadata({ density: 300 }).toBuffer(),
    ];
    const original = await decodeImage(small, limits);
    for (const copy of copies) {
      const decoded = await decodeImage(copy, limits);
      expect(decoded.meta.sha256).not.toBe(original.meta.sha256);
      expect(decoded.meta.pixelHash).toBe(original.meta.pixelHash);
    }
    // Larger: the same decoder path (PNG) with other metadata still matches.
    const resaved = await sharp(png).png({ compressionLevel: 9 }).withMetadata({ density: 300 }).toBuffer();
    expect(await hashOf(resaved)).toBe(await hashOf(png));
  });

  it('changes with any edit of the pixels: a re-encode, a resize, a tone shift or a blur is not "exact"', async () => {
    const hash = await hashOf(png);
    const edits = [
      await transformations.encode(png, 'jpeg', 95),
      await encodeAs(png, 'tiff'), // sharp's TIFF is JPEG-compressed by default: lossy
      await transformations.encode(png, 'webp', 90),
      await transformations.resize(png, 0.5),
      await sharp(png).modulate({ brightness: 0.9 }).png().toBuffer(),
      await sharp(png).blur(1).png().toBuffer(),
    ];
    for (const edit of edits) expect(await hashOf(edit)).not.toBe(hash);
  });

  it('tells different pictures apart, flat ones included', async () => {
    const hashes = new Set<string>();
    for (const kind of SCENE_KINDS)
      for (const seed of [0, 1, 2, 3]) hashes.add(await hashOf(await renderScene(seed, kind, 400, 300)));
    expect(hashes.size).toBe(24);
    const red = await hashOf(await flatImage(300, 200, '#cc2020'));
    expect(await hashOf(await flatImage(300, 200, '#cc2020'))).toBe(red);
    // The same colour at another size is another picture's pixels: a near duplicate, not an exact one.
    expect(await hashOf(await flatImage(150, 100, '#cc2020'))).not.toBe(red);
    expect(await hashOf(await flatImage(300, 200, '#2020cc'))).not.toBe(red);
  });

  it('changes when the picture is cropped: it is not a near-duplicate detector', async () => {
    expect(await hashOf(await transformations.crop(png, 0.85))).not.toBe(await hashOf(png));
  });
});
