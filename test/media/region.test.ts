import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cropRaster, decodeImage, decodeRegion, type Raster } from '../../shared/media/index.ts';
import { transformations } from '../helpers/images.ts';

const limits = { maxBytes: 50 * 1024 * 1024, maxPixels: 50_000_000 };

/** 1000 x 500 white picture with a red square (100 x 100) at x 800..900, y 100..200. */
async function target(): Promise<Buffer> {
  const red = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1000, height: 500, channels: 3, background: '#ffffff' } })
    .composite([{ input: red, left: 800, top: 100 }])
    .png()
    .toBuffer();
}

function redShare(raster: Raster): number {
  let red = 0;
  for (let p = 0; p < raster.data.length; p += 3) if (raster.data[p] > 200 && raster.data[p + 1] < 60) red++;
  return red / (raster.width * raster.height);
}

describe('decodeRegion', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await target();
  });

  it('returns the pixels of a normalised box at full detail', async () => {
    const region = await decodeRegion(png, { x: 0.8, y: 0.2, w: 0.1, h: 0.2 }, limits);
    expect([region.width, region.height]).toEqual([100, 100]);
    expect(redShare(region)).toBeGreaterThan(0.98);
  });

  it('reads the box on the displayed (EXIF-oriented) picture', async () => {
    const rotated = await transformations.rotateExif(png, 6);
    const region = await decodeRegion(rotated, { x: 0.8, y: 0.2, w: 0.1, h: 0.2 }, limits);
    expect(redShare(region)).toBeGreaterThan(0.9);
  });

  it('shrinks a large region to the working size', async () => {
    const region = await decodeRegion(png, { x: 0, y: 0, w: 1, h: 1 }, { ...limits, workingSize: 100 });
    expect([region.width, region.height]).toEqual([200, 100]);
  });

  it('clamps a box that runs off the picture', async () => {
    const region = await decodeRegion(png, { x: 0.95, y: 0.9, w: 0.5, h: 0.5 }, limits);
    expect([region.width, region.height]).toEqual([50, 50]);
  });

  it.each([
    ['zero width', { x: 0.2, y: 0.2, w: 0, h: 0.5 }],
    ['entirely outside', { x: 1.2, y: 0.2, w: 0.3, h: 0.3 }],
    ['negative size', { x: 0.5, y: 0.5, w: -0.2, h: 0.3 }],
    ['not a number', { x: Number.NaN, y: 0, w: 0.5, h: 0.5 }],
  ])('refuses a box with %s', async (_, box) => {
    await expect(decodeRegion(png, box, limits)).rejects.toMatchObject({ reason: 'invalid-box' });
  });
});

describe('cropRaster', () => {
  it('cuts the same box out of a decoded raster without decoding again', async () => {
    const { raster } = await decodeImage(await target(), limits);
    const crop = cropRaster(raster, { x: 0.8, y: 0.2, w: 0.1, h: 0.2 });
    // Every pixel the box touches is kept: the crop is the box, rounded outwards.
    expect(crop.width).toBe(Math.ceil(raster.width * 0.9) - Math.floor(raster.width * 0.8));
    expect(crop.height).toBe(Math.ceil(raster.height * 0.4) - Math.floor(raster.height * 0.2));
    expect(redShare(crop)).toBeGreaterThan(0.8);
    expect(() => cropRaster(raster, { x: 0.5, y: 0.5, w: 0, h: 0 })).toThrow(/covers no pixels/);
  });
});
