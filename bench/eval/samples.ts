import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDuplicates } from '../../shared/curate/duplicates/index.ts';
import { findMislabels } from '../../shared/curate/labels/index.ts';
import type { Embedder } from '../../shared/embed/types.ts';
import { generateSampleImages, planSamples } from '../../shared/samples/index.ts';
import { calibrationNote } from './fashion.ts';
import { embedAll, graphOf, ingest, matrixOf } from './ingest.ts';
import { type CheckFigures, figures, printTable } from './metrics.ts';

/**
 * Section (d): the sample set `npm start` writes into an empty inbox, through the same passes as a run
 * (duplicate clusters do not vote). Goal: every planted mislabel found, at most twice as many flagged.
 */
export async function evalSamples(embedder: Embedder): Promise<CheckFigures[]> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-eval-samples-'));
  try {
    const plan = planSamples();
    const paths = await generateSampleImages(dir);
    const { rasters, images } = await ingest(await Promise.all(paths.map((p) => readFile(p))));
    const vectors = await embedAll(embedder, rasters);
    const graph = await graphOf(vectors, 10);
    const labels = plan.map((p) => p.label);
    const truth = plan.map((p) => p.kind !== p.label);
    const duplicates = findDuplicates(graph, await matrixOf(vectors), images);
    const scores = findMislabels(graph, labels, { duplicateGroups: duplicates.clusterOf });
    const rows = [
      figures('mislabel, calibrated', scores.confidence, truth),
      figures('  baseline: plain kNN vote', scores.rawConfidence, truth),
    ];
    printTable(
      `(d) the npm start samples: ${plan.length} images in ${new Set(labels).size} classes, ${truth.filter(Boolean).length} planted mislabels`,
      rows,
    );
    const planted = truth.filter(Boolean).length;
    console.log(
      `  goal: all ${planted} planted found, at most ${2 * planted} flagged; ${calibrationNote(scores.calibration)}`,
    );
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
