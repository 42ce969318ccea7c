/**
 * Planted outliers for the outlier evals: images that are not photographs of the dataset's kind of thing.
 * Drawings (flat vector art), Fashion-MNIST garments (28 px grey product shots), textures (surface close-ups)
 * and degraded frames of real photos (under- and over-exposed, pixelated, drowned in sensor noise).
 */
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { fashionMnistAvailable, loadFashionMnist } from './fashion-mnist.ts';
import { seeded } from './random.ts';
import { OUTLIER_KINDS, outlierSvg } from './scenes.ts';

export type PlantedKind = 'drawing' | 'garment' | 'texture' | 'degraded';

export interface Planted {
  kind: PlantedKind;
  /** What it is, for the printed list of flags. */
  name: string;
  file: Buffer;
}

const GARMENTS = 6;

export async function drawings(seed = 31): Promise<Planted[]> {
  const rand = seeded(seed);
  return Promise.all(
    OUTLIER_KINDS.map(async (kind) => ({
      kind: 'drawing' as const,
      name: `drawing:${kind}`,
      file: await sharp(Buffer.from(outlierSvg(kind, rand)))
        .png()
        .toBuffer(),
    })),
  );
}

/** Garments from Fashion-MNIST (skipped, with none returned, when the package is missing). */
export async function garments(count = GARMENTS, from = 0): Promise<Planted[]> {
  if (!fashionMnistAvailable()) return [];
  const data = loadFashionMnist(from + count);
  const out: Planted[] = [];
  for (let i = from; i < from + count; i++) {
    const grey = Buffer.from(data.pixels.subarray(i * 784, (i + 1) * 784));
    out.push({
      kind: 'garment',
      name: `garment:${i}`,
      file: await sharp(grey, { raw: { width: 28, height: 28, channels: 1 } })
        .png()
        .toBuffer(),
    });
  }
  return out;
}

/** Four ways a frame goes wrong, one per source photo (in turn). */
const DEGRADE = {
  dark: (img: Sharp) => img.linear(0.05, 0),
  washedOut: (img: Sharp) => img.linear(0.12, 224),
  pixelated: (img: Sharp, width: number) =>
    img.resize(8, 8, { fit: 'fill' }).resize(width, width, { kernel: 'nearest', fit: 'fill' }),
  noise: (img: Sharp) => img.blur(12),
} as const;

export async function degraded(sources: readonly { name: string; file: Buffer }[]): Promise<Planted[]> {
  const ways = Object.entries(DEGRADE);
  const out: Planted[] = [];
  for (const [i, source] of sources.entries()) {
    const [way, apply] = ways[i % ways.length];
    let img = apply(sharp(source.file), 256);
    if (way === 'noise') img = sharp(await withNoise(await img.raw().toBuffer({ resolveWithObject: true })));
    out.push({ kind: 'degraded', name: `${way}:${source.name}`, file: await img.png().toBuffer() });
  }
  return out;
}

/** Heavy per-pixel noise over a blurred frame: what a failed sensor or a wrong exposure at night looks like. */
async function withNoise(raw: { data: Buffer; info: OutputInfo }): Promise<Buffer> {
  const rand = seeded(raw.data.length);
  const data = Buffer.from(raw.data);
  for (let p = 0; p < data.length; p++) data[p] = Math.max(0, Math.min(255, data[p] + (rand() - 0.5) * 360));
  const { width, height, channels } = raw.info;
  return sharp(data, { raw: { width, height, channels } }).png().toBuffer();
}
