import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  createPreprocessor,
  type PreprocessSpec,
  pilResize,
  planResize,
} from '../../shared/embed/preprocess/index.ts';
import type { Raster } from '../../shared/media/types.ts';

const clip: PreprocessSpec = {
  size: 224,
  resize: 'shortest-side',
  interpolation: 'bicubic',
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
};
const preprocess = createPreprocessor(clip);
const plane = 224 * 224;

function raster(
  width: number,
  height: number,
  colour: (x: number, y: number) => [number, number, number],
): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  }
  return { data, width, height };
}

const at = (tensor: Float32Array, channel: number, x: number, y: number, image = 0) =>
  tensor[image * 3 * plane + channel * plane + y * 224 + x];
const normalised = (value: number, c: number) => (value / 255 - clip.mean[c]) / clip.std[c];

describe('CLIP preprocessing', () => {
  it('turns any shape into 3x224x224 per image, batched', async () => {
    const shapes: Array<[number, number]> = [
      [384, 256],
      [256, 384],
      [100, 60],
      [224, 224],
      [1, 1],
    ];
    const tensor = await preprocess(shapes.map(([w, h]) => raster(w, h, () => [128, 128, 128])));
    expect(tensor).toHaveLength(shapes.length * 3 * plane);
  });

  it('normalises with the model mean/std in the reference float32 arithmetic and keeps values in range', async () => {
    const tensor = await preprocess([
      raster(300, 240, (x, y) => [(x * 7) % 256, (y * 5) % 256, (x + y) % 256]),
    ]);
    for (let c = 0; c < 3; c++) {
      const channel = tensor.subarray(c * plane, (c + 1) * plane);
      expect(Math.min(...channel)).toBeGreaterThanOrEqual(normalised(0, c) - 1e-6);
      expect(Math.max(...channel)).toBeLessThanOrEqual(normalised(255, c) + 1e-6);
    }
    const flat = await preprocess([raster(50, 40, () => [200, 100, 0])]);
    expect(at(flat, 0, 10, 10)).toBe(
      Math.fround(Math.fround(Math.fround(200 / 255) - Math.fround(clip.mean[0])) / Math.fround(clip.std[0])),
    );
    expect(at(flat, 1, 200, 100)).toBeCloseTo(normalised(100, 1), 6);
    expect(at(flat, 2, 223, 223)).toBeCloseTo(normalised(0, 2), 6);
  });

  it('puts red, green and blue in planes 0, 1 and 2', async () => {
    const tensor = await preprocess([raster(64, 64, () => [255, 0, 0]), raster(64, 64, () => [0, 0, 255])]);
    expect(at(tensor, 0, 112, 112)).toBeCloseTo(normalised(255, 0), 5);
    expect(at(tensor, 1, 112, 112)).toBeCloseTo(normalised(0, 1), 5);
    expect(at(tensor, 2, 112, 112)).toBeCloseTo(normalised(0, 2), 5);
    expect(at(tensor, 2, 112, 112, 1)).toBeCloseTo(normalised(255, 2), 5);
    expect(at(tensor, 0, 112, 112, 1)).toBeCloseTo(normalised(0, 0), 5);
  });

  it('crops the centre of a landscape image: the outer thirds are cut away', async () => {
    // 600x200 -> 672x224, crop x in [224, 448): exactly the middle band after resizing.
    const bands = raster(600, 200, (x) => (x < 200 ? [255, 0, 0] : x < 400 ? [0, 255, 0] : [0, 0, 255]));
    const tensor = await preprocess([bands]);
    for (const x of [3, 112, 220]) {
      expect(at(tensor, 1, x, 112)).toBeCloseTo(normalised(255, 1), 1);
      expect(at(tensor, 0, x, 112)).toBeLessThan(normalised(40, 0));
      expect(at(tensor, 2, x, 112)).toBeLessThan(normalised(40, 2));
    }
  });

  it('crops the centre of a portrait image: top and bottom are cut away', async () => {
    const bands = raster(200, 600, (_, y) => (y < 200 ? [255, 0, 0] : y < 400 ? [0, 255, 0] : [0, 0, 255]));
    const tensor = await preprocess([bands]);
    for (const y of [3, 112, 220]) expect(at(tensor, 1, 112, y)).toBeCloseTo(normalised(255, 1), 1);
  });

  it('rounds a half-pixel crop offset to even like Python: 225 wide keeps column 0', async () => {
    expect(planResize(225, 224, 224, 'shortest-side')).toEqual({ width: 225, height: 224, left: 0, top: 0 });
    expect(planResize(227, 224, 224, 'shortest-side')).toMatchObject({ left: 2 });
    const edges = raster(225, 224, (x) =>
      x === 0 ? [255, 0, 0] : x === 224 ? [0, 0, 255] : [128, 128, 128],
    );
    const tensor = await preprocess([edges]);
    expect(at(tensor, 0, 0, 100)).toBeCloseTo(normalised(255, 0), 5);
    expect(at(tensor, 2, 223, 100)).toBeCloseTo(normalised(128, 2), 5);
  });

  it('truncates the long side like torchvision: 300x200 resizes to 336x224', () => {
    expect(planResize(300, 200, 224, 'shortest-side')).toEqual({ width: 336, height: 224, left: 56, top: 0 });
    expect(planResize(333, 200, 224, 'shortest-side')).toEqual({ width: 372, height: 224, left: 74, top: 0 });
    expect(planResize(640, 480, 224, 'squash')).toEqual({ width: 224, height: 224, left: 0, top: 0 });
  });

  it('sees an EXIF-rotated JPEG the way it is displayed', async () => {
    // Stored landscape: left half red, right half blue; orientation 6 shows it rotated 90° clockwise, so the
    // red half is on top of a portrait picture.
    const stored = raster(300, 200, (x) => (x < 150 ? [255, 0, 0] : [0, 0, 255]));
    const jpeg = await sharp(stored.data, { raw: { width: 300, height: 200, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const { data, info } = await sharp(jpeg)
      .rotate()
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([200, 300]);
    const tensor = await preprocess([{ data: new Uint8Array(data), width: info.width, height: info.height }]);
    expect(at(tensor, 0, 112, 20)).toBeGreaterThan(normalised(200, 0));
    expect(at(tensor, 2, 112, 20)).toBeLessThan(normalised(60, 2));
    expect(at(tensor, 2, 112, 200)).toBeGreaterThan(normalised(200, 2));
    expect(at(tensor, 0, 112, 200)).toBeLessThan(normalised(60, 0));
  });
});

describe('enlarging small images like PIL', () => {
  // Golden rows from PIL 9.4: Image.fromarray(edge).resize(size, Image.BICUBIC), edge = 0 | 255 at column 10 of 20.
  const edge = (width: number, height: number) =>
    raster(width, height, (x) => (x >= 10 ? [255, 255, 255] : [0, 0, 0]));

  it('reproduces PIL bicubic exactly when enlarging and when reducing', () => {
    const up = pilResize(edge(20, 4), 24, 4);
    expect(Array.from({ length: 24 }, (_, x) => up.data[x * 3])).toEqual([
      ...Array(11).fill(0),
      13,
      242,
      ...Array(11).fill(255),
    ]);
    const down = pilResize(edge(20, 4), 16, 4);
    expect(Array.from({ length: 16 }, (_, x) => down.data[x * 3])).toEqual([
      ...Array(7).fill(0),
      8,
      247,
      ...Array(7).fill(255),
    ]);
  });

  it('feeds a 20x20 image to the model as PIL would enlarge it to 224', async () => {
    const tensor = await preprocess([edge(20, 20)]);
    const row = Array.from({ length: 15 }, (_, i) => at(tensor, 0, 105 + i, 50));
    const pil = [0, 1, 16, 36, 59, 85, 113, 142, 170, 196, 219, 239, 254, 255, 255];
    for (const [i, value] of pil.entries()) expect(row[i]).toBeCloseTo(normalised(value, 0), 5);
  });
});
