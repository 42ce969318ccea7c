import type { Embedder } from '../../shared/embed/types.ts';
import { installHint, loadCorpus } from '../photos/corpus.ts';
import { embedAll, graphOf, ingest } from './ingest.ts';
import { type CheckFigures, printTable } from './metrics.ts';
import { OUTLIER_COLUMNS, type OutlierColumns, outlierRows, outlierScores } from './outlier-baselines.ts';
import { degraded, drawings, garments, type Planted } from './planted-outliers.ts';
import { working } from './real-classes.ts';

const PER_TRIAL = 3;

/**
 * Section (c), outliers: the corpus's photographs with their subject labels, and in each trial three planted
 * images that are not photographs of things (drawings, garments, textures, degraded frames of corpus photos)
 * with the label of a corpus photo. The trials are pooled: every planted image is judged once, the photos in
 * every trial.
 */
export async function evalRealOutliers(embedder: Embedder): Promise<CheckFigures[]> {
  const { photos, missingPackages } = loadCorpus();
  const real = photos.filter((p) => p.kind === 'photo');
  if (real.length < 20) {
    console.log(`\n(c) outliers among real photos: SKIPPED: ${installHint(missingPackages)}`);
    return [];
  }
  const files = await Promise.all(real.map((p) => working(p.path, p.name)));
  const textures: Planted[] = await Promise.all(
    photos
      .filter((p) => p.kind === 'texture')
      .map(async (p) => ({ kind: 'texture' as const, name: p.name, file: await working(p.path, p.name) })),
  );
  const sources = [0, 15, 30, 45]
    .filter((i) => i < real.length)
    .map((i) => ({ name: real[i].name, file: files[i] }));
  const pool = [...(await drawings()), ...(await garments()), ...textures, ...(await degraded(sources))];
  const vectors = await embedAll(embedder, (await ingest([...files, ...pool.map((p) => p.file)])).rasters);
  const trials = Math.ceil(pool.length / PER_TRIAL);
  const pooled: Record<keyof OutlierColumns, number[]> = {
    dataset: [],
    previousDataset: [],
    cleanlabOod: [],
    classOutlier: [],
    previousClass: [],
  };
  const truth: boolean[] = [];
  const notes: string[] = [];
  for (let t = 0; t < trials; t++) {
    const planted = pool.map((_, i) => i).filter((i) => i % trials === t);
    const rows = [...vectors.slice(0, real.length), ...planted.map((i) => vectors[real.length + i])];
    const labels = [
      ...real.map((p) => p.subject),
      ...planted.map((_, j) => real[(7 * t + 11 * j) % real.length].subject),
    ];
    const scores = await outlierScores(await graphOf(rows, 10), labels, rows);
    for (const key of OUTLIER_COLUMNS) pooled[key].push(...scores[key]);
    truth.push(...rows.map((_, i) => i >= real.length));
    if (t === 0) {
      notes.push(
        `neighbourhood contrast ${scores.contrast.toFixed(2)} (dataset outliers judged at ${scores.judged.toFixed(2)}; ` +
          `0 below 0.25, 1 from 0.5), label trust ${scores.trust.toFixed(2)}`,
      );
    }
  }
  const rows = outlierRows(pooled, truth);
  printTable(
    `(c) outliers among ${real.length} real photos (subject labels), ${trials} trials of ${PER_TRIAL} planted ` +
      `(${pool
        .map((p) => p.kind)
        .filter((k, i, all) => all.indexOf(k) === i)
        .join(', ')}: ${pool.length} in all), pooled`,
    rows,
  );
  for (const note of notes) console.log(`  ${note}`);
  return rows;
}
