import { z } from 'zod';
import {
  defaultThreads,
  parseOptions,
  seededRandom,
  type VectorMatrix,
  yieldToEventLoop,
} from '../knn/index.ts';
import { type KMeansResult, sphericalKMeans } from './kmeans.ts';
import type { VisualCluster, VisualClusters, VisualLevel } from './types.ts';

export const visualClusterOptionsSchema = z.object({
  /** Number of levels, coarse to fine (Visual Layer's explore view offers 0-4). */
  levels: z.number().int().min(1).max(8).default(5),
  /** Clusters at level 0; default round(sqrt(n) / 4), at least 2. */
  baseClusters: z.number().int().min(1).optional(),
  /** Each level aims at `growth` times the clusters of the one above. */
  growth: z.number().min(1).max(16).default(2),
  /** A cluster is split only into parts of at least this many rows. */
  minClusterSize: z.number().int().min(1).default(4),
  previewSize: z.number().int().min(1).max(100).default(6),
  seed: z.number().int().default(1),
  iterations: z.number().int().min(1).max(1000).default(25),
  batchSize: z.number().int().min(64).default(4096),
  threads: z.number().int().min(1).optional(),
});
export type VisualClusterOptions = z.input<typeof visualClusterOptionsSchema>;

/**
 * Browsing clusters at several granularities: spherical k-means at level 0, then each cluster split again
 * (hierarchical k-means) into a share of the next level's target proportional to its size, so levels nest and a
 * user can drill down. Mini-batches keep level 0 linear in n; every level after it costs n x (children per
 * parent) dot products. Deterministic for a given seed.
 */
export async function buildVisualClusters(
  matrix: VectorMatrix,
  options: VisualClusterOptions = {},
): Promise<VisualClusters> {
  const p = parseOptions(visualClusterOptionsSchema, options, 'visual clusters');
  const n = matrix.count;
  const base = Math.min(n, p.baseClusters ?? Math.max(2, Math.round(Math.sqrt(n) / 4)));
  const random = seededRandom(p.seed);
  const km = {
    random,
    threads: p.threads ?? defaultThreads(),
    iterations: p.iterations,
    batchSize: p.batchSize,
  };
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const levels: VisualLevel[] = [];
  if (n === 0) return { levels, parameters: { levels: p.levels, baseClusters: 0, growth: p.growth } };

  let parts: Part[] = [{ parent: -1, rows: all, result: await sphericalKMeans(matrix, all, base, km) }];
  levels.push(toLevel(0, n, parts, matrix, p.previewSize));
  for (let level = 1; level < p.levels; level++) {
    const target = base * p.growth ** level;
    const above = levels[level - 1];
    const members = membersOf(above);
    parts = [];
    for (const cluster of above.clusters) {
      const rows = members[cluster.id];
      const share = Math.round((target * rows.length) / n);
      const k = Math.max(1, Math.min(share, Math.floor(rows.length / p.minClusterSize)));
      const result = k > 1 ? await sphericalKMeans(matrix, rows, k, km) : whole(cluster, rows, matrix);
      parts.push({ parent: cluster.id, rows, result });
      await yieldToEventLoop();
    }
    levels.push(toLevel(level, n, parts, matrix, p.previewSize));
  }
  return { levels, parameters: { levels: p.levels, baseClusters: base, growth: p.growth, seed: p.seed } };
}

interface Part {
  parent: number;
  rows: Int32Array;
  result: KMeansResult;
}

/** A cluster too small to split carries over to the next level unchanged. */
function whole(cluster: VisualCluster, rows: Int32Array, matrix: VectorMatrix): KMeansResult {
  const similarity = new Float32Array(rows.length);
  const { dimension, data } = matrix;
  rows.forEach((row, q) => {
    let s = 0;
    for (let d = 0; d < dimension; d++) s += data[row * dimension + d] * cluster.centroid[d];
    similarity[q] = s;
  });
  return { centroids: cluster.centroid, assignment: new Int32Array(rows.length), similarity };
}

function toLevel(
  level: number,
  n: number,
  parts: Part[],
  matrix: VectorMatrix,
  previewSize: number,
): VisualLevel {
  const { dimension } = matrix;
  const drafts: { parent: number; centroid: Float32Array; rows: number[]; sims: number[] }[] = [];
  for (const part of parts) {
    const first = drafts.length;
    const count = part.result.centroids.length / dimension;
    for (let c = 0; c < count; c++) {
      const centroid = part.result.centroids.slice(c * dimension, (c + 1) * dimension);
      drafts.push({ parent: part.parent, centroid, rows: [], sims: [] });
    }
    part.rows.forEach((row, q) => {
      const draft = drafts[first + part.result.assignment[q]];
      draft.rows.push(row);
      draft.sims.push(part.result.similarity[q]);
    });
  }
  // Larger clusters first; the lowest member row settles equal sizes, so ids do not depend on split order.
  drafts.sort((a, b) => b.rows.length - a.rows.length || a.rows[0] - b.rows[0]);
  const assignment = new Int32Array(n).fill(-1);
  const clusters = drafts.map((draft, id): VisualCluster => {
    for (const row of draft.rows) assignment[row] = id;
    const cohesion = draft.sims.reduce((sum, s) => sum + s, 0) / Math.max(1, draft.sims.length);
    return {
      id,
      level,
      parent: draft.parent,
      size: draft.rows.length,
      centroid: draft.centroid,
      preview: nearest(draft.rows, draft.sims, previewSize),
      cohesion,
    };
  });
  return { level, clusters, assignment };
}

function membersOf(level: VisualLevel): Int32Array[] {
  const sizes = level.clusters.map((c) => c.size);
  const lists = sizes.map((size) => new Int32Array(size));
  const filled = new Int32Array(sizes.length);
  level.assignment.forEach((c, row) => {
    lists[c][filled[c]++] = row;
  });
  return lists;
}

/** The `size` rows most similar to the centroid, nearest first (ties by row), in one pass. */
function nearest(rows: number[], sims: number[], size: number): number[] {
  const best: number[] = [];
  const before = (q: number, r: number) => sims[q] > sims[r] || (sims[q] === sims[r] && rows[q] < rows[r]);
  for (let q = 0; q < rows.length; q++) {
    if (best.length === size && !before(q, best[size - 1])) continue;
    if (best.length === size) best.pop();
    let at = best.length;
    while (at > 0 && before(q, best[at - 1])) at--;
    best.splice(at, 0, q);
  }
  return best.map((q) => rows[q]);
}
