/**
 * How far viscura's CLIP preprocessing is from the reference (torchvision Resize + CenterCrop on PIL, bicubic),
 * measured on real photos: the 224x224 RGB crops are compared pixel by pixel, in 8-bit levels.
 *   resize:   the pixels PIL decodes (no colour management, no EXIF rotation, like the reference), resized
 *             by viscura once: only the resampling differs
 *   pipeline: what ingest does: decodeImage (ICC profile to sRGB, shrink-on-load + Lanczos-3 working copy of
 *             <= 384 px), then viscura's resize
 * Needs Debian's python3-pil (and python3-skimage for the photos); without them it says so and stops.
 *
 *   node bin/run-ts.mjs bench/preprocess-reference.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { cropSquare, type PreprocessSpec } from '../shared/embed/preprocess/index.ts';
import { decodeImage } from '../shared/media/index.ts';
import type { Raster } from '../shared/media/types.ts';

const PYTHON = '/usr/bin/python3';
const PHOTOS = '/usr/lib/python3/dist-packages/skimage/data';
const NAMES = [
  'astronaut.png',
  'chelsea.png',
  'coffee.png',
  'rocket.jpg',
  'motorcycle_left.png',
  'hubble_deep_field.jpg',
  'retina.jpg',
  'chessboard_RGB.png',
];
const spec: PreprocessSpec = {
  size: 224,
  resize: 'shortest-side',
  interpolation: 'bicubic',
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
};

// torchvision.transforms.Resize(224, BICUBIC) + CenterCrop(224) on a PIL image, written out as raw RGB.
const reference = `
import sys
from PIL import Image
src, dst, size = sys.argv[1], sys.argv[2], 224
img = Image.open(src).convert("RGB")
w, h = img.size
short, long = (w, h) if w <= h else (h, w)
new_long = int(size * long / short)
img = img.resize((size, new_long) if w <= h else (new_long, size), Image.BICUBIC)
w, h = img.size
left, top = int(round((w - size) / 2.0)), int(round((h - size) / 2.0))
open(dst, "wb").write(img.crop((left, top, left + size, top + size)).tobytes())
`;

const probe = spawnSync(PYTHON, ['-c', 'import PIL'], { encoding: 'utf8' });
if (probe.status !== 0 || !existsSync(PHOTOS)) {
  process.stdout.write(
    'PIL (python3-pil) or the skimage photos (python3-skimage) are not installed: nothing measured.\n',
  );
  process.exit(0);
}

const scratch = await mkdtemp(join(tmpdir(), 'viscura-preprocess-ref-'));
try {
  const rows: string[][] = [
    ['image', 'size', 'path', 'mean |diff|', 'p99 |diff|', 'max |diff|', 'share > 2 levels'],
  ];
  const totals = { resize: [] as number[], pipeline: [] as number[] };
  for (const name of NAMES) {
    const path = join(PHOTOS, name);
    const out = join(scratch, `${name}.rgb`);
    const run = spawnSync(PYTHON, ['-c', reference, path, out], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`PIL failed on ${name}: ${run.stderr}`);
    const expected = new Uint8Array(await readFile(out));
    const bytes = await readFile(path);
    const full = await sharp(bytes)
      .keepIccProfile()
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const original: Raster = {
      data: new Uint8Array(full.data),
      width: full.info.width,
      height: full.info.height,
    };
    const working = (await decodeImage(bytes, { maxBytes: 1e9, maxPixels: 1e9 })).raster;
    for (const [label, raster] of [
      ['resize', original],
      ['pipeline', working],
    ] as const) {
      const diff = absoluteDifferences(expected, await cropSquare(raster, spec, 'cubic'));
      for (const d of diff) totals[label].push(d);
      rows.push([name, `${original.width}x${original.height}`, label, ...summary(diff)]);
    }
  }
  for (const label of ['resize', 'pipeline'] as const)
    rows.push(['all', '', label, ...summary(totals[label])]);
  // For scale: what one JPEG re-encode at quality 85 does to the same reference crops.
  const jpeg: number[] = [];
  for (const name of NAMES) {
    const crop = sharp(await readFile(join(scratch, `${name}.rgb`)), {
      raw: { width: 224, height: 224, channels: 3 },
    });
    const original = await crop.clone().raw().toBuffer();
    const reencoded = await sharp(await crop.clone().jpeg({ quality: 85 }).toBuffer())
      .raw()
      .toBuffer();
    for (const d of absoluteDifferences(new Uint8Array(original), new Uint8Array(reencoded))) jpeg.push(d);
  }
  rows.push(['all', '', 'JPEG q85 re-encode', ...summary(jpeg)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  process.stdout.write(
    '224x224 crops vs torchvision/PIL bicubic, 8-bit levels (1 level = 0.0146 in normalised units)\n',
  );
  for (const row of rows)
    process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c])).join('  ')}\n`);
} finally {
  await rm(scratch, { recursive: true, force: true });
}

function absoluteDifferences(a: Uint8Array, b: Uint8Array): number[] {
  if (a.length !== b.length) throw new Error(`crop sizes differ: ${a.length} vs ${b.length}`);
  return Array.from(a, (v, i) => Math.abs(v - b[i]));
}

function summary(diff: number[]): string[] {
  const sorted = [...diff].sort((x, y) => x - y);
  const mean = diff.reduce((s, v) => s + v, 0) / diff.length;
  const over = diff.filter((v) => v > 2).length / diff.length;
  return [
    mean.toFixed(2),
    String(sorted[Math.floor(0.99 * (sorted.length - 1))]),
    String(sorted.at(-1)),
    `${(100 * over).toFixed(1)}%`,
  ];
}
