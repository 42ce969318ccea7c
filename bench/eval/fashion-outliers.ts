import type { Embedder } from '../../shared/embed/types.ts';
import { loadCorpus } from '../photos/corpus.ts';
import { embedAll, graphOf, ingest } from './ingest.ts';
import { type CheckFigures, printTable } from './metrics.ts';
import { outlierRows, outlierScores } from './outlier-baselines.ts';
import { drawings } from './planted-outliers.ts';
import { working } from './real-classes.ts';

const PHOTOS = 10;

/**
 * Section (b), outliers: Fashion-MNIST with its true labels and planted images of another kind of thing (real
 * photos from bench/photos, drawings), each given a garment class in turn.
 */
export async function evalFashionOutliers(
  embedder: Embedder,
  vectors: readonly Float32Array[],
  labels: readonly string[],
): Promise<CheckFigures[]> {
  const photos = loadCorpus('photo')
    .photos.filter((_, i) => i % 5 === 0)
    .slice(0, PHOTOS);
  const files = [
    ...(await Promise.all(photos.map((p) => working(p.path, p.name)))),
    ...(await drawings(47)).map((d) => d.file),
  ];
  const planted = await embedAll(embedder, (await ingest(files)).rasters);
  const classes = [...new Set(labels)];
  const all = [...vectors, ...planted];
  const allLabels = [...labels, ...planted.map((_, i) => classes[i % classes.length])];
  const scores = await outlierScores(await graphOf(all, 10), allLabels, all);
  const rows = outlierRows(
    scores,
    all.map((_, i) => i >= vectors.length),
  );
  printTable(
    `(b) outliers: ${vectors.length} Fashion-MNIST images (true labels) + ${photos.length} real photos and ` +
      `${files.length - photos.length} drawings labelled as garments`,
    rows,
  );
  console.log(
    `  neighbourhood contrast ${scores.contrast.toFixed(2)} (judged ${scores.judged.toFixed(2)}), label trust ${scores.trust.toFixed(2)}`,
  );
  return rows;
}
