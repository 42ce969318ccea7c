/**
 * The hard cases of the real-photo set (bench/quality), on generated pictures: motion blur in any direction,
 * exposure judged by the midtones, and pictures that are dark, light, soft or grey by nature.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  analyzeQuality,
  blurKind,
  decodeImage,
  measureQuality,
  type Raster,
} from '../../shared/media/index.ts';
import * as d from '../helpers/degrade.ts';
import { scene, random as seededRandom } from '../helpers/images.ts';

const limits = { maxBytes: 100 * 1024 * 1024, maxPixels: 100_000_000 };

async function raw(bytes: Buffer): Promise<Raster> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

async function judge(image: Raster) {
  const jpeg = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
  const { raster, meta } = await decodeImage(jpeg, limits);
  return { scores: analyzeQuality(raster, meta), measures: measureQuality(raster, meta) };
}

/** A generated scene stretched to a full tonal range, as a well-exposed photo has. */
const photo = async (seed = 31) =>
  raw(
    await sharp(await scene(seed, 'polygons', 1200, 800))
      .normalise()
      .png()
      .toBuffer(),
  );

describe('blur on the hard cases', () => {
  it.each([0, 45, 90, 135])(
    'flags a 20 px motion streak at %i degrees and calls it motion',
    async (angle) => {
      const { scores, measures } = await judge(await d.motion(await photo(), 20, angle));
      expect(scores.blur).toBeGreaterThan(0.5);
      expect(blurKind(measures)).toBe('motion');
    },
  );

  it.each([22, 67])('flags a streak between the measured directions (%i degrees)', async (angle) => {
    const { scores } = await judge(await d.motion(await photo(37), 20, angle));
    expect(scores.blur).toBeGreaterThan(0.5);
  });

  // Along the lines there is nothing to blur: that direction has no say, and across them every edge is a step.
  it('does not flag sharp content with one dominant orientation (horizontal bands)', async () => {
    const generator = seededRandom(11);
    const width = 1200;
    const height = 800;
    const data = new Uint8Array(width * height * 3);
    let value = 128;
    for (let y = 0; y < height; y++) {
      if (generator.next() < 0.08) value = Math.round(30 + 195 * generator.next());
      data.fill(value, y * width * 3, (y + 1) * width * 3);
    }
    const { scores, measures } = await judge({ data, width, height });
    expect(measures.sharpnessLeast).not.toBeNull();
    expect(scores.blur).toBeLessThan(0.5);
  });

  it('calls a lens blur defocus', async () => {
    const { scores, measures } = await judge(await d.disc(await photo(), 6));
    expect(scores.blur).toBeGreaterThan(0.5);
    expect(blurKind(measures)).toBe('defocus');
  });

  it('does not flag a sharp subject on a thrown-out-of-focus background', async () => {
    const sharpCopy = await photo();
    const centre = { x: sharpCopy.width / 2, y: sharpCopy.height / 2 };
    const mask = d.ellipseMask(
      sharpCopy.width,
      sharpCopy.height,
      centre,
      0.22 * sharpCopy.width,
      0.3 * sharpCopy.height,
      12,
    );
    const { scores } = await judge(d.blend(sharpCopy, await d.gaussian(sharpCopy, 8), mask));
    expect(scores.blur).toBeLessThan(0.5);
  });

  it('does not call a dark or a washed-out copy blurred', async () => {
    const sharpCopy = await photo();
    expect((await judge(d.exposure(sharpCopy, -3))).scores.blur).toBeLessThan(0.5);
    expect((await judge(d.veil(sharpCopy, 0.65, [255, 255, 255]))).scores.blur).toBeLessThan(0.5);
  });
});

describe('exposure judged by the midtones', () => {
  it('flags -2 and -3 EV as dark but not -1 EV', async () => {
    const base = await photo(32);
    expect((await judge(d.exposure(base, -1))).scores.dark).toBeLessThan(0.5);
    expect((await judge(d.exposure(base, -2))).scores.dark).toBeGreaterThan(0.5);
    expect((await judge(d.exposure(base, -3))).scores.dark).toBeGreaterThan(0.5);
  });

  // A mid-key, textured base, as most photos are. The polygon scenes are 85% navy background (median 0.09), low-key
  // by nature: three stops up they read as a medium-blue graphic, not as an over-exposed photo. Smooth flat-colour
  // graphics blown to flat white look like a white backdrop to the measure (docs/quality.md, limits).
  it('flags +3 EV and a wash as bright but not the original', async () => {
    const base = await raw(
      await sharp(await scene(33, 'noise', 1200, 800))
        .normalise()
        .png()
        .toBuffer(),
    );
    expect((await judge(base)).measures.brightnessP50).toBeGreaterThan(0.3);
    expect((await judge(base)).scores.bright).toBeLessThan(0.5);
    expect((await judge(d.exposure(base, 3))).scores.bright).toBeGreaterThan(0.5);
    expect((await judge(d.veil(base, 0.65, [255, 255, 255]))).scores.bright).toBeGreaterThan(0.5);
  });

  it('does not call a night scene with lit windows dark', async () => {
    const generator = seededRandom(7);
    const random = () => generator.next();
    const { scores } = await judge(d.lights(d.exposure(await photo(34), -4), 0.025, random));
    expect(scores.dark).toBeLessThan(0.5);
  });

  it('does not call a subject on white bright, nor one on black dark', async () => {
    const subject = await photo(35);
    const small = await d.shrink(subject, 500);
    const mask = new Float32Array(small.width * small.height).fill(1);
    const on = (colour: [number, number, number]) => {
      const back = d.canvas(1200, 800, colour, colour, 0);
      return d.paste(back, small, mask, 350, 200);
    };
    expect((await judge(on([255, 255, 255]))).scores.bright).toBeLessThan(0.5);
    expect((await judge(on([0, 0, 0]))).scores.dark).toBeLessThan(0.5);
  });
});

describe('grayscale', () => {
  it('flags true grey and neither sepia nor a colour photo of grey things', async () => {
    const colour = await photo(36);
    expect((await judge(d.grey(colour))).scores.grayscale).toBeGreaterThan(0.5);
    expect((await judge(d.sepia(colour))).scores.grayscale).toBeLessThan(0.5);
    const sign = d.ellipseMask(colour.width, colour.height, { x: 600, y: 400 }, 70, 40, 2);
    expect((await judge(d.mostlyGrey(colour, 0.15, sign))).scores.grayscale).toBeLessThan(0.5);
  });
});
