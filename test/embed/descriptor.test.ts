import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { duplicateSimilarityFor } from '../../shared/embed/calibration.ts';
import { createDescriptorEmbedder, DESCRIPTOR_MODEL_ID } from '../../shared/embed/descriptor/index.ts';
import { isVisibleError } from '../../shared/errors/index.ts';
import { decodeImage } from '../../shared/media/index.ts';
import type { Raster } from '../../shared/media/types.ts';
import { SCENE_KINDS, scene } from '../helpers/images.ts';

const W = 480;
const H = 360;
const limits = { maxBytes: 50_000_000, maxPixels: 50_000_000 };
// The cut-off curation uses for this model's near duplicates (0.90, measured on real photos).
const DUPLICATE_CUTOFF = duplicateSimilarityFor(DESCRIPTOR_MODEL_ID);
const embedder = createDescriptorEmbedder();

/** Edits after which a picture is still the same picture, pixel for pixel in the same frame. */
const PIXEL_EDITS: Record<string, (png: Buffer) => Promise<Buffer>> = {
  'jpeg q40': (b) => sharp(b).jpeg({ quality: 40 }).toBuffer(),
  'webp q50': (b) => sharp(b).webp({ quality: 50 }).toBuffer(),
  'half size': (b) =>
    sharp(b)
      .resize(W / 2)
      .png()
      .toBuffer(),
  'quarter size': (b) =>
    sharp(b)
      .resize(W / 4)
      .png()
      .toBuffer(),
  '15% brighter': (b) => sharp(b).modulate({ brightness: 1.15 }).png().toBuffer(),
  '30% darker': (b) => sharp(b).modulate({ brightness: 0.7 }).png().toBuffer(),
  '30% more contrast': (b) =>
    sharp(b)
      .linear(1.3, -0.3 * 128)
      .png()
      .toBuffer(),
  'half the exposure': (b) => sharp(b).linear(0.5, 0).png().toBuffer(),
  'washed out': (b) => sharp(b).linear(0.6, 90).png().toBuffer(),
  'blur sigma 1.5': (b) => sharp(b).blur(1.5).png().toBuffer(),
};

/** Edits that move the frame: the copy keeps 72% of the picture. */
const CROPS: Record<string, (png: Buffer) => Promise<Buffer>> = {
  'crop 85% centred': (b) => crop(b, 0.5),
  'crop 85% bottom-right': (b) => crop(b, 1),
};

function crop(png: Buffer, at: number): Promise<Buffer> {
  const width = Math.round(W * 0.85);
  const height = Math.round(H * 0.85);
  const left = Math.round((W - width) * at);
  const top = Math.round((H - height) * at);
  return sharp(png).extract({ left, top, width, height }).png().toBuffer();
}

async function embed(bytes: Buffer): Promise<Float32Array> {
  const { raster } = await decodeImage(bytes, limits);
  return (await embedder.embedImages([raster]))[0];
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

function flat(width: number, height: number, value: number): Raster {
  return { data: new Uint8Array(width * height * 3).fill(value), width, height };
}

/** Cosine of each copy to its own original, and the best cosine to any other scene. */
async function lookups(
  scenes: Buffer[],
  originals: Float32Array[],
  edit: (png: Buffer) => Promise<Buffer>,
): Promise<{ own: number; other: number }[]> {
  return Promise.all(
    scenes.map(async (png, i) => {
      const v = await embed(await edit(png));
      const sims = originals.map((o) => cosine(o, v));
      return { own: sims[i], other: Math.max(...sims.filter((_, j) => j !== i)) };
    }),
  );
}

describe('descriptor embedder', () => {
  let scenes: Buffer[];
  let originals: Float32Array[];

  beforeAll(async () => {
    scenes = await Promise.all([1, 2].flatMap((seed) => SCENE_KINDS.map((kind) => scene(seed, kind, W, H))));
    originals = await Promise.all(scenes.map(embed));
  });

  it('describes every raster, odd ones included, as a finite unit vector of its fixed dimension', async () => {
    expect(embedder.modelId).toBe(DESCRIPTOR_MODEL_ID);
    expect(embedder.dimension).toBeGreaterThanOrEqual(256);
    expect(embedder.dimension).toBeLessThanOrEqual(1024);
    const odd = [flat(1, 1, 128), flat(7, 300, 40), flat(64, 48, 0), flat(64, 48, 255), flat(28, 28, 90)];
    const vectors = [...originals, ...(await embedder.embedImages(odd))];
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(embedder.dimension);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic: the same pixels give bit-identical vectors, alone or anywhere in a batch', async () => {
    const rasters = await Promise.all(
      scenes.slice(0, 3).map(async (b) => (await decodeImage(b, limits)).raster),
    );
    const [a, b, c] = await embedder.embedImages(rasters);
    const [c2, a2] = await embedder.embedImages([rasters[2], rasters[0]]);
    const [b2] = await createDescriptorEmbedder().embedImages([rasters[1]]);
    expect(a2).toEqual(a);
    expect(b2).toEqual(b);
    expect(c2).toEqual(c);
    expect(a).toEqual(originals[0]);
  });

  it.each(Object.keys(PIXEL_EDITS))(
    'puts a %s copy above the near-duplicate cut-off and nearest its original',
    async (name) => {
      for (const { own, other } of await lookups(scenes, originals, PIXEL_EDITS[name])) {
        expect(own).toBeGreaterThanOrEqual(DUPLICATE_CUTOFF);
        expect(own).toBeGreaterThan(other);
      }
    },
  );

  it.each(Object.keys(CROPS))('finds a %s copy nearer its original than any other scene', async (name) => {
    for (const { own, other } of await lookups(scenes, originals, CROPS[name])) {
      expect(own).toBeGreaterThan(other);
    }
  });

  it('keeps different scenes well below the duplicate cut-off', () => {
    for (let i = 0; i < originals.length; i++) {
      for (let j = i + 1; j < originals.length; j++)
        expect(cosine(originals[i], originals[j])).toBeLessThan(0.8);
    }
  });

  it('has no text tower: text search fails with a sentence that names what is needed', async () => {
    expect(embedder.hasTextTower).toBe(false);
    const error = await embedder.embedTexts(['a red car']).catch((e: unknown) => e);
    expect(isVisibleError(error)).toBe(true);
    expect((error as Error).message).toMatch(/text-capable model/);
  });
});
