import {
  findClassOutliers,
  findDatasetOutliers,
  findMislabels,
  type KnnGraph,
  type Labels,
  meanNeighbourDistance,
  neighbourhoodContrast,
} from '../../shared/curate/labels/index.ts';
import { quartiles } from '../../shared/curate/labels/robust.ts';
import { type CheckFigures, figures } from './metrics.ts';
import { sourceOfRows } from './rows.ts';

/** The outlier scores compared side by side: this release, the previous one and cleanlab's OOD score. */
export interface OutlierScores {
  dataset: Float32Array;
  previousDataset: Float64Array;
  cleanlabOod: Float64Array;
  classOutlier: Float32Array;
  previousClass: Float32Array;
  contrast: number;
  judged: number;
  trust: number;
}

export async function outlierScores(
  graph: KnnGraph,
  labels: Labels,
  vectors: readonly Float32Array[],
): Promise<OutlierScores> {
  const source = sourceOfRows(vectors);
  const contrast = await neighbourhoodContrast(graph, source);
  const dataset = findDatasetOutliers(graph, { contrast });
  const { calibration } = findMislabels(graph, labels);
  const distance = meanNeighbourDistance(graph, Math.min(10, graph.k));
  return {
    dataset: dataset.confidence,
    previousDataset: previousRelease(distance),
    cleanlabOod: cleanlabOod(distance),
    classOutlier: (await findClassOutliers(graph, labels, source, { calibration })).confidence,
    previousClass: (await findClassOutliers(graph, labels, source)).confidence,
    contrast,
    judged: dataset.judged,
    trust: calibration.trust,
  };
}

export const OUTLIER_COLUMNS = [
  'dataset',
  'previousDataset',
  'cleanlabOod',
  'classOutlier',
  'previousClass',
] as const;
export type OutlierColumns = Record<(typeof OUTLIER_COLUMNS)[number], ArrayLike<number>>;

export function outlierRows(scores: OutlierColumns, truth: readonly boolean[]): CheckFigures[] {
  return [
    figures('dataset outlier (this release)', scores.dataset, truth),
    figures('  previous release: Q3 + 1.7 IQR fence', scores.previousDataset, truth),
    figures('  cleanlab OOD kNN score, 1 - score >= 0.5', scores.cleanlabOod, truth),
    figures('class outlier (this release, label trust)', scores.classOutlier, truth),
    figures('  previous release: no label trust', scores.previousClass, truth),
  ];
}

/**
 * The previous release's dataset-outlier confidence (cleanlab Datalab's cut-off): z = (d - Q3) / IQR, the IQR
 * floored at 0.1 x the median, confidence = logistic((z - 1.7) / 0.5).
 */
export function previousRelease(distance: Float64Array): Float64Array {
  const present = distance.filter((d) => !Number.isNaN(d));
  const { q1, median, q3 } = quartiles(present);
  const iqr = Math.max(q3 - q1, 0.1 * median, 1e-9);
  return distance.map((d) => (Number.isNaN(d) ? 0 : 1 / (1 + Math.exp(-((d - q3) / iqr - 1.7) / 0.5))));
}

/**
 * cleanlab's OutOfDistribution score from features (cleanlab/outlier.py, _get_ood_features_scores):
 * exp(-d / median(d)), d the mean distance to the k = 10 nearest neighbours; low = out of distribution. It
 * has no cut-off of its own, so 1 - score is shown at 0.5 (d >= ln 2 x median) and by AUROC.
 */
function cleanlabOod(distance: Float64Array): Float64Array {
  const scale = Math.max(quartiles(distance.filter((d) => !Number.isNaN(d))).median, 1e-12);
  return distance.map((d) => (Number.isNaN(d) ? 0 : 1 - Math.exp(-d / scale)));
}
