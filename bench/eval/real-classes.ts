import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  findClassOutliers,
  findDatasetOutliers,
  findMislabels,
  neighbourhoodContrast,
} from '../../shared/curate/labels/index.ts';
import type { Embedder } from '../../shared/embed/types.ts';
import { installHint, loadCorpus } from '../photos/corpus.ts';
import { calibrationNote } from './fashion.ts';
import { fashionMnistAvailable, loadFashionMnist } from './fashion-mnist.ts';
import { embedAll, graphOf, ingest } from './ingest.ts';
import { type CheckFigures, figures, printTable } from './metrics.ts';
import { seeded } from './random.ts';
import { sourceOfRows } from './rows.ts';
import { OUTLIER_KINDS, outlierSvg } from './scenes.ts';

/** Photos are decoded once to this long side and cached: several are 2560 x 1600. */
const WORKING_SIDE = 512;
const CACHE = 'bench/.tmp/corpus-512';
const GARMENTS = 6;

/**
 * Section (c): the real-photo corpus (bench/photos/corpus.ts) labelled by its coarse subject classes (animal,
 * person, plant, landscape, object, scientific, texture): classes a colour-and-texture descriptor cannot tell
 * apart. Nothing is mislabelled, so every mislabel flag is a false alarm (goal: at most 5%). Planted outliers
 * with random labels: drawings and Fashion-MNIST garments, which are not photographs at all.
 */
export async function evalRealClasses(embedder: Embedder): Promise<CheckFigures[]> {
  const { photos, missingPackages } = loadCorpus();
  if (photos.length < 20) {
    console.log(`\n(c) real photos in subject classes: SKIPPED: ${installHint(missingPackages)}`);
    return [];
  }
  const rand = seeded(31);
  const files = await Promise.all(photos.map((photo) => working(photo.path, photo.name)));
  const labels: string[] = photos.map((photo) => photo.subject);
  const subjects = [...new Set(labels)];
  const outlier = photos.map(() => false);
  const pick = () => subjects[Math.floor(rand() * subjects.length)];
  for (const kind of OUTLIER_KINDS) {
    files.push(
      await sharp(Buffer.from(outlierSvg(kind, rand)))
        .png()
        .toBuffer(),
    );
    labels.push(pick());
    outlier.push(true);
  }
  if (fashionMnistAvailable()) {
    const garments = loadFashionMnist(GARMENTS);
    for (let i = 0; i < GARMENTS; i++) {
      const grey = Buffer.from(garments.pixels.subarray(i * 784, (i + 1) * 784));
      files.push(
        await sharp(grey, { raw: { width: 28, height: 28, channels: 1 } })
          .png()
          .toBuffer(),
      );
      labels.push(pick());
      outlier.push(true);
    }
  }
  const { rasters } = await ingest(files);
  const vectors = await embedAll(embedder, rasters);
  const graph = await graphOf(vectors, 10);
  const isPhoto = (i: number) => !outlier[i];
  const noMislabels = labels.map(() => false);
  const scores = findMislabels(graph, labels);
  const contrast = await neighbourhoodContrast(graph, sourceOfRows(vectors));
  const rows = [
    figures('mislabel, calibrated (none planted)', scores.confidence, noMislabels, 0.5, isPhoto),
    figures('  baseline: plain kNN vote', scores.rawConfidence, noMislabels, 0.5, isPhoto),
    figures(
      'class outlier',
      (await findClassOutliers(graph, labels, sourceOfRows(vectors), { calibration: scores.calibration }))
        .confidence,
      outlier,
    ),
    figures('dataset outlier', findDatasetOutliers(graph, { contrast }).confidence, outlier),
  ];
  printTable(
    `(c) ${photos.length} real photos in ${subjects.length} subject classes (bench/photos/corpus.ts), ` +
      `${outlier.filter(Boolean).length} planted outliers (drawings, garments) with random labels`,
    rows,
  );
  const share = (f: CheckFigures) => `${((100 * f.flagged) / f.total).toFixed(1)}%`;
  console.log(
    `  flagged as mislabels: ${share(rows[0])} calibrated (goal <= 5%), ${share(rows[1])} plain vote; ${calibrationNote(scores.calibration)}`,
  );
  if (missingPackages.length > 0) console.log(`  ${installHint(missingPackages)}`);
  return rows;
}

export async function working(path: string, name: string): Promise<Buffer> {
  const cached = join(CACHE, `${name.replace(/[^a-z0-9]+/gi, '_')}.png`);
  if (existsSync(cached)) return readFile(cached);
  const png = await sharp(path)
    .rotate()
    .resize(WORKING_SIDE, WORKING_SIDE, { fit: 'inside' })
    .removeAlpha()
    .png()
    .toBuffer();
  await mkdir(CACHE, { recursive: true });
  await writeFile(cached, png);
  return png;
}
