import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { dot, type KnnGraph, parseOptions, type VectorMatrix } from '../knn/index.ts';
import { mirroredCandidates, type VectorMirror } from './flipped.ts';
import { queryCandidates } from './queries.ts';
import { compareKeepers, DEFAULT_REPRESENTATIVE, keptBecause } from './representative.ts';
import { duplicateScore } from './score.ts';
import { describeTransforms } from './transforms.ts';
import type { DuplicateCluster, DuplicateImage, DuplicateMember, DuplicateResult } from './types.ts';
import { exactUnits } from './units.ts';
import type { PairVerdict } from './verify/index.ts';

/** Says whether rows a and b show the same picture; null when it cannot judge (no thumbnail, a flat picture). */
export type PairVerifier = (a: number, b: number) => Promise<PairVerdict | null>;

export const verifiedOptionsSchema = z.object({
  /** Cosine at or above which a kNN edge is a candidate pair (looser than the descriptor-only cut-off). */
  candidateSimilarity: z.number().min(-1).max(1),
  /** The descriptor-only cut-off, used for a pair the verifier cannot judge. */
  threshold: z.number().min(0).max(1),
  /** Verification confidence at or above which a candidate pair is the same picture. */
  confidence: z.number().min(0).max(1).default(0.5),
  representative: z
    .array(z.enum(['resolution', 'quality', 'oldest', 'newest', 'key']))
    .default([...DEFAULT_REPRESENTATIVE]),
  threads: z.number().int().positive().default(1),
});

export type VerifiedOptions = z.input<typeof verifiedOptionsSchema>;

export interface VerificationStats {
  candidatePairs: number;
  mirroredPairs: number;
  /** Pairs found by the content (inside a border, padding, letterbox or rotation fill) of framed pictures. */
  contentPairs: number;
  verifiedSame: number;
  rejected: number;
  unjudged: number;
}

interface Judged {
  same: boolean;
  /** Confidence in [0, 1] that the pair is one picture (descriptor score where the verifier could not judge). */
  confidence: number;
  verdict: PairVerdict | null;
}

/**
 * Near duplicates in two stages. Candidates: kNN edges at a loose cosine, plus (for embeddings that are not
 * mirror-invariant) each row's nearest rows to its mirrored vector. Verification: every candidate pair of exact
 * units is judged on the pictures themselves (verify/). Clusters are stars around a keeper: units in keeper
 * order, each unassigned one keeps every unassigned unit verified as its copy, so every member is a verified copy
 * of the keeper (two crops of one photo may both be dropped in favour of the photo, and never for each other).
 */
export async function findVerifiedDuplicates(
  graph: KnnGraph,
  matrix: VectorMatrix,
  images: readonly DuplicateImage[],
  verifier: PairVerifier,
  options: VerifiedOptions & {
    mirror?: VectorMirror;
    /** Framed pictures' content vectors (row numbers and their vectors, row after row). */
    content?: { rows: Int32Array; vectors: Float32Array };
  },
): Promise<DuplicateResult & { verification: VerificationStats }> {
  const parsed = parseOptions(verifiedOptionsSchema, options, 'duplicates');
  const n = graph.n;
  if (images.length !== n || matrix.count !== n) {
    throw new VisibleError(
      `The duplicate pass got ${images.length} images, ${matrix.count} vectors and a graph of ${n} rows; ` +
        'they must describe the same images in the same order.',
      'invalid_input',
    );
  }
  const leader = exactUnits(images);
  const units = unitMembers(leader);
  const stats: VerificationStats = {
    candidatePairs: 0,
    mirroredPairs: 0,
    contentPairs: 0,
    verifiedSame: 0,
    rejected: 0,
    unjudged: 0,
  };
  const pairs = candidatePairs(graph, leader, parsed.candidateSimilarity);
  const addPairs = (found: [number, number][]) => {
    let added = 0;
    for (const [a, b] of found) {
      const key = pairKey(leader[a], leader[b], n);
      if (key !== undefined && !pairs.has(key)) {
        pairs.set(key, [Math.min(leader[a], leader[b]), Math.max(leader[a], leader[b])]);
        added++;
      }
    }
    return added;
  };
  if (options.mirror)
    stats.mirroredPairs = addPairs(
      await mirroredCandidates(matrix, options.mirror, parsed.candidateSimilarity, parsed.threads),
    );
  if (options.content)
    stats.contentPairs = addPairs(
      await queryCandidates(matrix, options.content, parsed.candidateSimilarity, parsed.threads),
    );
  stats.candidatePairs = pairs.size;
  const judged = new Map<number, Judged>();
  const judge = async (a: number, b: number): Promise<Judged> => {
    const key = pairKey(a, b, n) as number;
    const known = judged.get(key);
    if (known) return known;
    const [x, y] = a < b ? [a, b] : [b, a];
    const verdict = await verifier(x, y);
    const confidence = verdict?.confidence ?? null;
    const cosine = dot(matrix, x, y);
    const result: Judged =
      confidence === null
        ? {
            same: cosine >= parsed.threshold,
            confidence: duplicateScore(cosine, parsed.threshold),
            verdict: null,
          }
        : { same: confidence >= parsed.confidence, confidence, verdict };
    if (confidence === null) stats.unjudged++;
    else if (result.same) stats.verifiedSame++;
    else stats.rejected++;
    judged.set(key, result);
    return result;
  };
  const linked = new Map<number, number[]>();
  for (const [a, b] of pairs.values()) {
    if (!(await judge(a, b)).same) continue;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      const list = linked.get(x);
      if (list) list.push(y);
      else linked.set(x, [y]);
    }
  }
  const unitImage = (u: number) => images[bestRow(units.get(u) ?? [u], images, parsed.representative)];
  const order = [...new Set(leader)].sort(
    (x, y) => compareKeepers(unitImage(x), unitImage(y), parsed.representative).verdict || x - y,
  );
  const assigned = new Set<number>();
  const clusters: DuplicateCluster[] = [];
  for (const centre of order) {
    if (assigned.has(centre)) continue;
    const copies = await copiesOf(centre, linked, assigned, judge);
    const ownRows = units.get(centre) ?? [centre];
    if (copies.length === 0 && ownRows.length === 1) continue;
    assigned.add(centre);
    for (const u of copies) assigned.add(u);
    clusters.push(starCluster(centre, copies, units, images, matrix, judged, n, parsed.representative));
  }
  clusters.sort((a, b) => b.members.length - a.members.length || a.representative - b.representative);
  return {
    ...resultOf(graph, clusters, judged, leader, n),
    threshold: parsed.threshold,
    verification: stats,
  };
}

/**
 * The unassigned units verified as copies of `centre`: its verified neighbours, then theirs (a copy's copy is
 * verified against the centre itself before it joins), so a cluster never chains through a middle member.
 */
async function copiesOf(
  centre: number,
  linked: Map<number, number[]>,
  assigned: Set<number>,
  judge: (a: number, b: number) => Promise<Judged>,
): Promise<number[]> {
  const members: number[] = [];
  const seen = new Set<number>([centre]);
  const queue = [...(linked.get(centre) ?? [])];
  for (const u of queue) seen.add(u);
  while (queue.length > 0) {
    const unit = queue.shift() as number;
    if (assigned.has(unit) || !(await judge(centre, unit)).same) continue;
    members.push(unit);
    for (const next of linked.get(unit) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return members.sort((a, b) => a - b);
}

function starCluster(
  centre: number,
  copies: number[],
  units: Map<number, number[]>,
  images: readonly DuplicateImage[],
  matrix: VectorMatrix,
  judged: Map<number, Judged>,
  n: number,
  criteria: VerifiedOptions['representative'],
): DuplicateCluster {
  const ownRows = units.get(centre) ?? [centre];
  const representative = bestRow(ownRows, images, criteria);
  const keep = images[representative];
  const members: DuplicateMember[] = [{ index: representative, match: 'representative', similarity: 1 }];
  for (const row of ownRows) {
    if (row === representative) continue;
    members.push({
      index: row,
      match: images[row].sha256 === keep.sha256 ? 'sha256' : 'pixels',
      similarity: 1,
    });
  }
  let minSimilarity = 1;
  for (const unit of copies) {
    const key = pairKey(centre, unit, n) as number;
    const pair = judged.get(key);
    for (const row of units.get(unit) ?? [unit]) {
      const similarity = dot(matrix, representative, row);
      minSimilarity = Math.min(minSimilarity, similarity);
      members.push({
        index: row,
        match: 'near',
        similarity,
        verified: pair?.verdict ? pair.confidence : null,
        transforms: describeTransforms(keep, images[row], pair?.verdict ?? null, centre > unit),
      });
    }
  }
  members.sort(
    (a, b) =>
      Number(b.index === representative) - Number(a.index === representative) ||
      b.similarity - a.similarity ||
      a.index - b.index,
  );
  const rows = members.map((m) => m.index);
  return {
    id: -1,
    representative,
    members,
    minSimilarity,
    kind: members.every((m) => m.match !== 'near') ? 'exact' : 'near',
    keptBecause: keptBecause(representative, rows, images, criteria),
  };
}

function resultOf(
  graph: KnnGraph,
  clusters: DuplicateCluster[],
  judged: Map<number, Judged>,
  leader: Int32Array,
  n: number,
): DuplicateResult {
  const clusterOf = new Int32Array(n).fill(-1);
  const drop = new Uint8Array(n);
  clusters.forEach((cluster, id) => {
    cluster.id = id;
    for (const m of cluster.members) {
      clusterOf[m.index] = id;
      if (m.index !== cluster.representative) drop[m.index] = 1;
    }
  });
  const score = duplicateScores(clusters, clusterOf, drop, judged, leader, n);
  const nearest = new Int32Array(n);
  const nearestSimilarity = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    nearest[i] = graph.k > 0 ? graph.neighbors[i * graph.k] : -1;
    nearestSimilarity[i] = nearest[i] >= 0 ? graph.similarities[i * graph.k] : Number.NEGATIVE_INFINITY;
  }
  const exactClusters = clusters.filter((c) => c.kind === 'exact').length;
  const inClusters = clusters.reduce((sum, c) => sum + c.members.length, 0);
  return {
    threshold: Number.NaN,
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

/**
 * A row's duplicate score is the confidence that it is a copy of a picture kept elsewhere: a dropped member's
 * pair with its keeper (1 for an exact copy), a keeper's most confident pair, and for a row outside every
 * cluster its most confident pair with a row that is kept. A row verified as a copy of a dropped copy only (the
 * keeper itself was judged different) is kept, so it must not read as a duplicate to drop. Rows without a
 * judged pair score 0: a cosine alone is not evidence of the same picture.
 */
function duplicateScores(
  clusters: DuplicateCluster[],
  clusterOf: Int32Array,
  drop: Uint8Array,
  judged: Map<number, Judged>,
  leader: Int32Array,
  n: number,
): Float32Array {
  // Judged pairs are keyed by unit leaders; a unit is kept when any of its rows is.
  const unitKept = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (!drop[i]) unitKept[leader[i]] = 1;
  const best = new Float32Array(n);
  const bestKept = new Float32Array(n);
  for (const [key, pair] of judged) {
    const a = Math.floor(key / n);
    const b = key - a * n;
    best[a] = Math.max(best[a], pair.confidence);
    best[b] = Math.max(best[b], pair.confidence);
    if (unitKept[b]) bestKept[a] = Math.max(bestKept[a], pair.confidence);
    if (unitKept[a]) bestKept[b] = Math.max(bestKept[b], pair.confidence);
  }
  const score = new Float32Array(n);
  for (let i = 0; i < n; i++) if (clusterOf[i] < 0) score[i] = bestKept[leader[i]];
  for (const cluster of clusters) {
    const keeper = leader[cluster.representative];
    const hasExact = cluster.members.some((m) => m.match === 'sha256' || m.match === 'pixels');
    score[cluster.representative] = hasExact ? 1 : best[keeper];
    for (const m of cluster.members) {
      if (m.index === cluster.representative) continue;
      const pair = judged.get(pairKey(keeper, leader[m.index], n) as number);
      score[m.index] = m.match === 'near' ? (pair?.confidence ?? 0) : 1;
    }
  }
  return score;
}

/** Unit pairs with a kNN edge at or above the cut-off, keyed a * n + b with a < b (unit leaders). */
function candidatePairs(graph: KnnGraph, leader: Int32Array, cutoff: number): Map<number, [number, number]> {
  const { n, k, neighbors, similarities } = graph;
  const pairs = new Map<number, [number, number]>();
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const j = neighbors[i * k + c];
      if (j < 0 || similarities[i * k + c] < cutoff) break;
      const key = pairKey(leader[i], leader[j], n);
      if (key !== undefined && !pairs.has(key))
        pairs.set(key, [Math.min(leader[i], leader[j]), Math.max(leader[i], leader[j])]);
    }
  }
  return pairs;
}

function pairKey(a: number, b: number, n: number): number | undefined {
  if (a === b) return undefined;
  return a < b ? a * n + b : b * n + a;
}

function unitMembers(leader: Int32Array): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  for (let i = 0; i < leader.length; i++) {
    const list = rows.get(leader[i]);
    if (list) list.push(i);
    else rows.set(leader[i], [i]);
  }
  return rows;
}

function bestRow(
  rows: readonly number[],
  images: readonly DuplicateImage[],
  criteria: VerifiedOptions['representative'],
): number {
  let best = rows[0];
  for (const row of rows.slice(1)) {
    const { verdict } = compareKeepers(images[row], images[best], criteria);
    if (verdict < 0 || (verdict === 0 && row < best)) best = row;
  }
  return best;
}
