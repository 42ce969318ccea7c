import type { Embedder } from '../../embed/types.ts';
import type { Logger } from '../../log/index.ts';
import { type Store, where } from '../../store/index.ts';
import type { KnnGraph } from '../knn/index.ts';
import { findMislabels, type LabelCalibration, type MislabelScores } from '../labels/index.ts';
import { zeroShotAlignment } from './alignment.ts';

/** New images (rows 0 .. fresh - 1) and the stored images they found, with what the vote reads of each. */
export interface Neighbourhood {
  fresh: number;
  ids: string[];
  keys: string[];
  labels: (string | null)[];
  vectors: Float32Array[];
  /** Duplicate cluster of each row (null when none): copies do not vote for each other. */
  clusters: (string | null)[];
  /** Per new row: union row indices and cosines, most similar first. */
  neighbours: { index: number; similarity: number }[][];
  /** sha256 of the stored exact copies found (same bytes or same pixels), by id. */
  sha256?: Map<string, string>;
  /** Per new row: ids of stored images with the same bytes or pixels. */
  exact: Set<string>[];
}

/**
 * The mislabel vote of the full run, for new images only: the same function over a graph whose rows are the new
 * images and their stored neighbours. A small class's ceiling depends on its size, so every class in the
 * neighbourhood is padded (with rows that vote for nothing) up to min(its stored size, k + 1): beyond k + 1 the
 * ceiling no longer moves.
 */
export async function localMislabels(
  store: Store,
  dataset: string,
  hood: Neighbourhood,
  options: {
    k: number;
    embedder?: Embedder;
    model: string;
    log: Logger;
    /** The last full run's: arrivals are judged as that run judged, not by their few neighbours' statistics. */
    calibration?: LabelCalibration;
    temperature?: number;
  },
): Promise<{
  scores: MislabelScores;
  graph: KnnGraph;
  labels: (string | null)[];
  duplicateGroups: Int32Array;
}> {
  const { k } = options;
  const labels: (string | null)[] = [...hood.labels];
  const have = new Map<string, number>();
  for (const label of labels) if (label !== null) have.set(label, (have.get(label) ?? 0) + 1);
  for (const [label, count] of have) {
    // Only min(size, k + 1) matters: a listing that stops there, not a count that reads every row's label.
    const stored = (
      await store.images.list(dataset, { where: where.eq('label', label), limit: k + 1, withVectors: false })
    ).length;
    for (let pad = count; pad < Math.min(stored, k + 1); pad++) labels.push(label);
  }
  const n = labels.length;
  const neighbors = new Int32Array(n * k).fill(-1);
  const similarities = new Float32Array(n * k).fill(Number.NEGATIVE_INFINITY);
  hood.neighbours.forEach((row, i) => {
    for (const [r, hit] of row.slice(0, k).entries()) {
      neighbors[i * k + r] = hit.index;
      similarities[i * k + r] = hit.similarity;
    }
  });
  const codes = new Map<string, number>();
  const duplicateGroups = Int32Array.from({ length: n }, (_, i) => {
    const cluster = hood.clusters[i] ?? null;
    if (cluster === null) return -1;
    if (!codes.has(cluster)) codes.set(cluster, codes.size);
    return codes.get(cluster) as number;
  });
  const dimension = hood.vectors[0]?.length ?? 0;
  const vectors = new Float32Array(n * dimension);
  for (const [i, vector] of hood.vectors.entries()) vectors.set(vector, i * dimension);
  const alignment = await zeroShotAlignment(
    options.embedder,
    options.model,
    { count: n, dimension, vectors, labels },
    options.log,
  );
  const graph: KnnGraph = { n, k, neighbors, similarities };
  const scores = findMislabels(graph, labels, {
    k,
    duplicateGroups,
    alignment,
    calibration: options.calibration,
    temperature: options.temperature,
  });
  return { scores, graph, labels, duplicateGroups };
}
