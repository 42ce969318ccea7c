/**
 * At what size do the blur, dark and bright verdicts stop being trustworthy? Every held-out image of the
 * real-photo quality set (bench/quality/dataset.ts) is shrunk to a shortest side of 384, 256, 192, 128, 96, 64,
 * 48 and 32 px, saved as JPEG q92 (what a small file in a dataset is), ingested through decodeImage and scored
 * with the shipped calibration. Prints P / R / F1 per issue and size, side by side in one run:
 * `npm run bench -- quality-size` (needs the set: `npm run bench -- quality` builds it, about 3 minutes).
 * Cost grows linearly with the number of images; each shrunken copy is a few thousand pixels.
 */
import { readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { decodeImage, measureQuality, scoreQuality } from '../shared/media/index.ts';
import { installHint } from './photos/corpus.ts';
import { buildQualitySet, type Item } from './quality/dataset.ts';
import { prf } from './quality/report.ts';

const SIDES = [384, 256, 192, 128, 96, 64, 48, 32];
const ISSUES = ['blur', 'dark', 'bright'] as const;
const LIMITS = { maxBytes: 100 * 1024 * 1024, maxPixels: 100_000_000 };

type Scores = Record<(typeof ISSUES)[number], number>;

/** The item shrunk so its shortest side is `side` (never enlarged), as a JPEG file would arrive. */
async function scoreAt(item: Item, side: number): Promise<Scores> {
  const original = await readFile(item.file);
  const meta = await sharp(original).metadata();
  const shortest = Math.min(meta.width ?? side, meta.height ?? side);
  const scale = Math.min(1, side / shortest);
  const small = await sharp(original)
    .resize(Math.max(1, Math.round((meta.width ?? side) * scale)))
    .jpeg({ quality: 92 })
    .toBuffer();
  const { raster, meta: decoded } = await decodeImage(new Uint8Array(small), LIMITS);
  const scores = scoreQuality(measureQuality(raster, decoded));
  return { blur: scores.blur, dark: scores.dark, bright: scores.bright };
}

const { items, missingPackages } = await buildQualitySet();
if (missingPackages.length > 0) console.log(installHint(missingPackages));
const test = items.filter((item) => item.split === 'test');
const limit = pLimit(2);
console.log(
  `held-out photos of the real-photo quality set: ${test.length} images, each shrunk to a shortest side of ${SIDES.join(', ')} px; shipped calibration, threshold 0.5`,
);
console.log(`${'side'.padStart(6)}  ${ISSUES.map((issue) => `${issue} P / R / F1`.padStart(22)).join('  ')}`);
for (const side of SIDES) {
  const scored = await Promise.all(test.map((item) => limit(() => scoreAt(item, side))));
  const cells = ISSUES.map((issue) => {
    const { precision, recall, f1 } = prf(
      scored.map((s) => s[issue] >= 0.5),
      test.map((item) => item.truth[issue]),
    );
    const f = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
    return `${f(precision)} / ${f(recall)} / ${f(f1)}`.padStart(22);
  });
  console.log(`${String(side).padStart(6)}  ${cells.join('  ')}`);
}
