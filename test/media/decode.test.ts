import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_SIZE, decodeImage, makeThumbnail } from '../../shared/media/index.ts';
import {
  animatedGif,
  cmykJpeg,
  encodeAs,
  halfTransparentPng,
  png16,
  scene,
  transformations,
} from '../helpers/images.ts';

const limits = { maxBytes: 50 * 1024 * 1024, maxPixels: 50_000_000 };

/** Mean colour of a raster region, to check what a decode shows without comparing bytes. */
function meanColour(
  raster: { data: Uint8Array; width: number },
  x0: number,
  y0: number,
  w: number,
  h: number,
) {
  const sums = [0, 0, 0];
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++)
      for (let c = 0; c < 3; c++) sums[c] += raster.data[(y * raster.width + x) * 3 + c];
  }
  return sums.map((s) => s / (w * h));
}

describe('decodeImage', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await scene(7, 'polygons', 800, 600);
  });

  it.each([
    ['jpeg', (b: Buffer) => transformations.encode(b, 'jpeg'), 'jpeg'],
    ['png', async (b: Buffer) => b, 'png'],
    ['webp', (b: Buffer) => transformations.encode(b, 'webp'), 'webp'],
    ['gif', (b: Buffer) => encodeAs(b, 'gif'), 'gif'],
    ['tiff', (b: Buffer) => encodeAs(b, 'tiff'), 'tiff'],
    ['avif', (b: Buffer) => encodeAs(b, 'avif'), 'avif'],
  ])('reads %s with its size, format and a working raster', async (_, encode, format) => {
    const bytes = await encode(png);
    const { meta, raster } = await decodeImage(bytes, limits);
    expect(meta).toMatchObject({ width: 800, height: 600, format, bytes: bytes.byteLength });
    expect(meta.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect([raster.width, raster.height]).toEqual([512, DEFAULT_WORKING_SIZE]);
    expect(raster.data.byteLength).toBe(512 * DEFAULT_WORKING_SIZE * 3);
  });

  it('never upscales and honours a custom working size', async () => {
    const small = await scene(3, 'stripes', 200, 120);
    expect((await decodeImage(small, limits)).raster).toMatchObject({ width: 200, height: 120 });
    const custom = await decodeImage(png, { ...limits, workingSize: 96 });
    expect(custom.raster).toMatchObject({ width: 128, height: 96 });
  });

  it.each([3, 6, 8] as const)(
    'applies EXIF orientation %i: sizes and pixels come out as displayed',
    async (orientation) => {
      const upright = await decodeImage(png, limits);
      const rotated = await transformations.rotateExif(png, orientation);
      expect((await sharp(rotated).metadata()).orientation).toBe(orientation);
      const { meta, raster } = await decodeImage(rotated, limits);
      expect([meta.width, meta.height]).toEqual([800, 600]);
      expect([raster.width, raster.height]).toEqual([upright.raster.width, upright.raster.height]);
      // The top-left corner shows what the upright picture shows there (within JPEG error).
      const expected = meanColour(upright.raster, 0, 0, 40, 40);
      const actual = meanColour(raster, 0, 0, 40, 40);
      for (let c = 0; c < 3; c++) expect(Math.abs(actual[c] - expected[c])).toBeLessThan(12);
    },
  );

  it('converts CMYK JPEG to sRGB', async () => {
    const red = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#d02020' } })
      .png()
      .toBuffer();
    const { raster } = await decodeImage(await cmykJpeg(red), limits);
    const [r, g, b] = meanColour(raster, 0, 0, 64, 64);
    expect(r).toBeGreaterThan(170);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(80);
  });

  it('reduces 16-bit PNG to 8-bit RGB', async () => {
    const { meta, raster } = await decodeImage(await png16(png), limits);
    expect(meta.format).toBe('png');
    expect(raster.data).toBeInstanceOf(Uint8Array);
    expect(raster.data.byteLength).toBe(raster.width * raster.height * 3);
    const plain = await decodeImage(png, limits);
    expect(meanColour(raster, 100, 100, 50, 50)[0]).toBeCloseTo(
      meanColour(plain.raster, 100, 100, 50, 50)[0],
      0,
    );
  });

  it('takes the first frame of an animated GIF', async () => {
    const { meta, raster } = await decodeImage(await animatedGif(['#ff0000', '#00ff00', '#0000ff']), limits);
    expect([meta.width, meta.height]).toEqual([60, 40]);
    const [r, g, b] = meanColour(raster, 0, 0, 60, 40);
    expect(r).toBeGreaterThan(240);
    expect(g + b).toBeLessThan(20);
  });

  it('flattens transparency onto white', async () => {
    const { raster } = await decodeImage(await halfTransparentPng(), limits);
    expect(meanColour(raster, 0, 0, 100, 100)).toEqual([255, 255, 255]);
    expect(meanColour(raster, 100, 0, 100, 100)[0]).toBeGreaterThan(190);
  });
});

describe('makeThumbnail', () => {
  it('writes a WebP whose longest side is the requested size', async () => {
    const { raster } = await decodeImage(await scene(2, 'checkers', 900, 500), limits);
    const thumb = await makeThumbnail(raster, 256);
    const meta = await sharp(thumb).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(256);
    expect(meta.width).toBeGreaterThan(meta.height ?? 0);
  });

  it('does not enlarge a small image', async () => {
    const { raster } = await decodeImage(await scene(2, 'checkers', 120, 90), limits);
    const meta = await sharp(await makeThumbnail(raster, 256)).metadata();
    expect([meta.width, meta.height]).toEqual([120, 90]);
  });
});
