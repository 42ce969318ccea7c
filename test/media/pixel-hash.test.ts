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

  it('is the same for the same pixels in any lossless container, though the bytes differ', async () => {
    const copies = [
      await encodeAs(png, 'webp-lossless'),
      await encodeAs(png, 'tiff'),
      await sharp(png).png({ compressionLevel: 9 }).withMetadata({ density: 300 }).toBuffer(),
    ];
    const original = await decodeImage(png, limits);
    for (const copy of copies) {
      const decoded = await decodeImage(copy, limits);
      expect(decoded.meta.sha256).not.toBe(original.meta.sha256);
      expect(decoded.meta.pixelHash).toBe(original.meta.pixelHash);
    }
  });

  it('survives re-encoding and resizing for most pictures (measured over 24 generated scenes)', async () => {
    const edits = {
      'JPEG q90': (b: Buffer) => transformations.encode(b, 'jpeg', 90),
      'WebP q90': (b: Buffer) => transformations.encode(b, 'webp', 90),
      'half size': (b: Buffer) => transformations.resize(b, 0.5),
    };
    const kept = Object.fromEntries(Object.keys(edits).map((name) => [name, 0]));
    for (const kind of SCENE_KINDS) {
      for (const seed of [0, 1, 2, 3]) {
        const original = await renderScene(seed, kind, 640, 480);
        const hash = await hashOf(original);
        for (const [name, edit] of Object.entries(edits))
          if ((await hashOf(await edit(original))) === hash) kept[name]++;
      }
    }
    for (const [name, count] of Object.entries(kept))
      expect(count, `${name}: ${count}/24 kept`).toBeGreaterThanOrEqual(20);
  });

  it('tells different pictures apart, flat ones included', async () => {
    const hashes = new Set<string>();
    for (const kind of SCENE_KINDS)
      for (const seed of [0, 1, 2, 3]) hashes.add(await hashOf(await renderScene(seed, kind, 400, 300)));
    expect(hashes.size).toBe(24);
    const red = await hashOf(await flatImage(300, 200, '#cc2020'));
    expect(await hashOf(await flatImage(150, 100, '#cc2020'))).toBe(red);
    expect(await hashOf(await flatImage(300, 200, '#2020cc'))).not.toBe(red);
  });

  it('changes when the picture is cropped: it is not a near-duplicate detector', async () => {
    expect(await hashOf(await transformations.crop(png, 0.85))).not.toBe(await hashOf(png));
  });
});
