import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { dot, type KnnGraph, parseOptions, type VectorMatrix } from '../knn/index.ts';
import { completeLinkage, type UnitGroup } from './linkage.ts';
import { DEFAULT_REPRESENTATIVE, keptBecause, pickRepresentative } from './representative.ts';
import { duplicateScore } from './score.ts';
import { DATALAB_FACTOR, relativeThreshold } from './threshold.ts';
import type { DuplicateCluster, DuplicateImage, DuplicateMember, DuplicateResult } from './types.ts';
import { exactUnits } from './units.ts';

export const duplicateOptionsSchema = z.object({
  /** Cosine at or above which two images are near duplicates (fastdup's 0.96). */
  threshold: z.number().min(0).max(1).default(0.96),
  /** 'fixed' uses `threshold`; 'relative' uses Datalab's factor x median nearest-neighbour distance. */
  mode: z.enum(['fixed', 'relative']).default('fixed'),
  relativeFactor: z.number().positive().max(1).default(DATALAB_FACTOR),
  representative: z
    .array(z.enum(['resolution', 'quality', 'oldest', 'newest', 'key']))
    .default([...DEFAULT_REPRESENTATIVE]),
});

export type DuplicateOptions = z.input<typeof duplicateOptionsSchema>;

/**
 * Exact duplicates (same bytes or same pixels) and near duplicates (cosine >= threshold), grouped into clusters
 * in which every pair is within the threshold, each naming the image to keep.
 */
export function findDuplicates(
  graph: KnnGraph,
  matrix: VectorMatrix,
  images: readonly DuplicateImage[],
  options: DuplicateOptions = {},
): DuplicateResult {
  const parsed = parseOptions(duplicateOptionsSchema, options, 'duplicates');
  if (images.length !== graph.n || matrix.count !== graph.n) {
    throw new VisibleError(
      `The duplicate pass got ${images.length} images, ${matrix.count} vectors and a graph of ${graph.n} rows; ` +
        'they must describe the same images in the same order.',
      'invalid_input',
    );
  }
  const threshold =
    parsed.mode === 'relative' ? relativeThreshold(graph, parsed.relativeFactor) : parsed.threshold;
  const leader = exactUnits(images);
  const rowsOfUnit = unitRows(leader);
  const groups = completeLinkage(graph, matrix, leader, threshold);
  const grouped = new Set(groups.flatMap((g) => g.units));
  for (const unit of rowsOfUnit.keys()) {
    if (!grouped.has(unit)) groups.push({ units: [unit], minSimilarity: 1 });
  }

  const clusters = groups
    .map((group) => toCluster(group, rowsOfUnit, leader, matrix, images, parsed.representative))
    .sort((a, b) => b.members.length - a.members.length || a.representative - b.representative);
  const n = graph.n;
  const clusterOf = new Int32Array(n).fill(-1);
  const drop = new Uint8Array(n);
  clusters.forEach((cluster, id) => {
    cluster.id = id;
    for (const m of cluster.members) {
      clusterOf[m.index] = id;
      if (m.index !== cluster.representative) drop[m.index] = 1;
    }
  });

  const nearest = new Int32Array(n);
  const nearestSimilarity = new Float32Array(n);
  const score = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    nearest[i] = graph.k > 0 ? graph.neighbors[i * graph.k] : -1;
    nearestSimilarity[i] = nearest[i] >= 0 ? graph.similarities[i * graph.k] : Number.NEGATIVE_INFINITY;
    score[i] = rowsOfUnit.has(leader[i]) ? 1 : duplicateScore(nearestSimilarity[i], threshold);
  }
  const exactClusters = clusters.filter((c) => c.kind === 'exact').length;
  const inClusters = clusters.reduce((sum, c) => sum + c.members.length, 0);
  return {
    threshold,
    clusters,
    clusterOf,
    drop,
    score,
    nearest,
    nearestSimilarity,
    counts: {
      clusters: clusters.length,
      exactClusters,
      nearClusters: clusters.length - exactClusters,
      inClusters,
      drop: inClusters - clusters.length,
    },
  };
}

/** Rows of every exact unit that has more than one row, keyed by the unit's leader. */
function unitRows(leader: Int32Array): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  for (let i = 0; i < leader.length; i++) {
    if (leader[i] === i) continue;
    const list = rows.get(leader[i]);
    if (list) list.push(i);
    else rows.set(leader[i], [leader[i], i]);
  }
  return rows;
}

function toCluster(
  group: UnitGroup,
  rowsOfUnit: Map<number, number[]>,
  leader: Int32Array,
  matrix: VectorMatrix,
  images: readonly DuplicateImage[],
  criteria: DuplicateOptions['representative'],
): DuplicateCluster {
  const rows = group.units.flatMap((u) => rowsOfUnit.get(u) ?? [u]);
  const representative = pickRepresentative(rows, images, criteria);
  const keep = images[representative];
  const members: DuplicateMember[] = rows.map((index) => {
    if (index === representative) return { index, match: 'representative', similarity: 1 };
    if (leader[index] === leader[representative]) {
      return { index, match: images[index].sha256 === keep.sha256 ? 'sha256' : 'pixels', similarity: 1 };
    }
    return { index, match: 'near', similarity: dot(matrix, representative, index) };
  });
  members.sort(
    (a, b) =>
      Number(b.index === representative) - Number(a.index === representative) ||
      b.similarity - a.similarity ||
      a.index - b.index,
  );
  return {
    id: -1,
    representative,
    members,
    minSimilarity: group.minSimilarity,
    kind: members.every((m) => m.match !== 'near') ? 'exact' : 'near',
    keptBecause: keptBecause(representative, rows, images, criteria),
  };
}
