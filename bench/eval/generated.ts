import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { findDuplicates } from '../../shared/curate/duplicates/index.ts';
import {
  findClassOutliers,
  findDatasetOutliers,
  findMislabels,
  meanNeighbourDistance,
  neighbourhoodContrast,
} from '../../shared/curate/labels/index.ts';
import type { Embedder } from '../../shared/embed/types.ts';
import { PHOTOS, SKIMAGE_DIR } from '../descriptor/dataset.ts';
import { TRANSFORMS } from '../descriptor-quality.ts';
import { embedAll, graphOf, type Ingested, ingest, matrixOf } from './ingest.ts';
import { type CheckFigures, figures, printTable } from './metrics.ts';
import { previousRelease } from './outlier-baselines.ts';
import { seeded } from './random.ts';
import { sourceOfRows } from './rows.ts';
import { OUTLIER_KINDS, outlierSvg, SCENE_CLASSES, SCENE_SIZE, sceneSvg } from './scenes.ts';

const PER_CLASS = 50;
const MISLABELS = 20;
/** Originals that get planted copies: one per (original, transform), transforms taken in turn. */
const COPIED = 28;
const DEFECTS_EACH = 15;

export type Truth = 'mislabel' | 'outlier' | 'duplicate' | 'dark' | 'bright' | 'blur';

export interface Item {
  png: Buffer;
  label: string;
  truth: Set<Truth>;
}

const DEFECTS: Record<'dark' | 'bright' | 'blur', (png: Buffer) => Promise<Buffer>> = {
  dark: (png) => sharp(png).modulate({ brightness: 0.2 }).png().toBuffer(),
  bright: (png) => sharp(png).linear(0.06, 242).png().toBuffer(),
  blur: (png) => sharp(png).blur(6).png().toBuffer(),
};

export interface GeneratedSet extends Ingested {
  items: Item[];
  vectors: Float32Array[];
  originals: number;
  photos: number;
}

/** Renders, plants and embeds the generated scenes (seeded: every run builds the same set). */
export async function buildGeneratedSet(embedder: Embedder): Promise<GeneratedSet> {
  const rand = seeded(21);
  const render = (svg: string) => sharp(Buffer.from(svg)).png().toBuffer();
  const items: Item[] = [];
  for (const kind of SCENE_CLASSES) {
    for (let i = 0; i < PER_CLASS; i++)
      items.push({ png: await render(sceneSvg(kind, rand)), label: kind, truth: new Set() });
  }
  const originals = items.length;
  // Originals are in class order; a stride spreads the plants over classes.
  const pick = (count: number, offset: number) =>
    Array.from({ length: count }, (_, j) => (offset + j * Math.floor(originals / count)) % originals);
  for (const i of pick(MISLABELS, 3)) {
    const other = SCENE_CLASSES.filter((c) => c !== items[i].label);
    items[i].label = other[Math.floor(rand() * other.length)];
    items[i].truth.add('mislabel');
  }
  const transforms = Object.entries(TRANSFORMS);
  for (const [j, i] of pick(COPIED, 7).entries()) {
    const source = {
      name: `scene${i}`,
      group: 'photo' as const,
      png: items[i].png,
      width: SCENE_SIZE,
      height: SCENE_SIZE,
    };
    const [, transform] = transforms[j % transforms.length];
    items[i].truth.add('duplicate');
    items.push({ png: await transform(source, j), label: items[i].label, truth: new Set(['duplicate']) });
  }
  const randomLabel = () => SCENE_CLASSES[Math.floor(rand() * SCENE_CLASSES.length)];
  for (const kind of OUTLIER_KINDS)
    items.push({
      png: await render(outlierSvg(kind, rand)),
      label: randomLabel(),
      truth: new Set(['outlier']),
    });
  // Real photos join the outliers when python3-skimage is installed: nothing in the scenes looks like them.
  const photos = PHOTOS.filter((p) => existsSync(join(SKIMAGE_DIR, p)));
  for (const photo of photos) {
    const png = await sharp(join(SKIMAGE_DIR, photo))
      .resize(SCENE_SIZE, SCENE_SIZE, { fit: 'cover' })
      .png()
      .toBuffer();
    items.push({ png, label: randomLabel(), truth: new Set(['outlier']) });
  }
  for (const [defect, degrade] of Object.entries(DEFECTS)) {
    for (let i = 0; i < DEFECTS_EACH; i++) {
      const kind = SCENE_CLASSES[Math.floor(rand() * SCENE_CLASSES.length)];
      items.push({
        png: await degrade(await render(sceneSvg(kind, rand))),
        label: kind,
        truth: new Set([defect as Truth]),
      });
    }
  }

  const ingested = await ingest(items.map((item) => item.png));
  const vectors = await embedAll(embedder, ingested.rasters);
  return { ...ingested, items, vectors, originals, photos: photos.length };
}

/** Section (a): generated scenes with planted mislabels, outliers, duplicates and quality defects. */
export async function evalGenerated(embedder: Embedder): Promise<CheckFigures[]> {
  const set = await buildGeneratedSet(embedder);
  const { items, vectors, quality } = set;
  const graph = await graphOf(vectors, 10);
  const labels = items.map((item) => item.label);
  const truth = (t: Truth) => items.map((item) => item.truth.has(t));
  const is = (i: number, t: Truth) => items[i].truth.has(t);
  const duplicates = findDuplicates(graph, await matrixOf(vectors), set.images);
  const nearOnly = findDuplicates(
    graph,
    await matrixOf(vectors),
    set.images.map((image) => ({ ...image, pixelHash: null })),
  );
  const notOutlier = (i: number) => !is(i, 'outlier');
  const rows = [
    // Outliers carry random labels, neither right nor wrong: left out of the mislabel check.
    figures(
      'mislabel (kNN vote)',
      findMislabels(graph, labels).confidence,
      truth('mislabel'),
      0.5,
      notOutlier,
    ),
    figures(
      'mislabel, duplicate clusters do not vote',
      findMislabels(graph, labels, { duplicateGroups: duplicates.clusterOf }).confidence,
      truth('mislabel'),
      0.5,
      notOutlier,
    ),
    // A mislabelled image does not look like its (wrong) class either: left out of the class-outlier check.
    figures(
      'class outlier',
      (
        await findClassOutliers(graph, labels, sourceOfRows(vectors), {
          calibration: findMislabels(graph, labels).calibration,
        })
      ).confidence,
      truth('outlier'),
      0.5,
      (i) => !is(i, 'mislabel'),
    ),
    figures(
      'dataset outlier',
      findDatasetOutliers(graph, { contrast: await neighbourhoodContrast(graph, sourceOfRows(vectors)) })
        .confidence,
      truth('outlier'),
    ),
    figures(
      '  previous release: Q3 + 1.7 IQR fence',
      previousRelease(meanNeighbourDistance(graph, 10)),
      truth('outlier'),
    ),
    figures('near duplicate (graded score)', duplicates.score, truth('duplicate')),
    figures(
      'near duplicate (in a cluster)',
      Array.from(duplicates.clusterOf, (c) => (c >= 0 ? 1 : 0)),
      truth('duplicate'),
    ),
    figures(
      'near duplicate (in a cluster), no pixel hash',
      Array.from(nearOnly.clusterOf, (c) => (c >= 0 ? 1 : 0)),
      truth('duplicate'),
    ),
    figures(
      'quality: dark',
      quality.map((q) => q.dark),
      truth('dark'),
    ),
    figures(
      'quality: bright',
      quality.map((q) => q.bright),
      truth('bright'),
    ),
    figures(
      'quality: blur',
      quality.map((q) => q.blur),
      truth('blur'),
    ),
  ];
  printTable(
    `(a) generated scenes: ${set.originals} scenes in ${SCENE_CLASSES.length} classes, ${MISLABELS} mislabelled, ` +
      `${COPIED} copied (one per core transform, in turn), ${OUTLIER_KINDS.length + set.photos} outliers ` +
      `(${set.photos} real photos), ${DEFECTS_EACH} each dark / bright / blurred; ${items.length} images`,
    rows,
  );
  return rows;
}
