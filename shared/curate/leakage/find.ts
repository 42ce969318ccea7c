import { evaluationRank, splitOf } from '../../splits/index.ts';
import { type CurationRow, type CurationStore, type Store, where } from '../../store/index.ts';
import { requireResults, resultsView } from '../results/view.ts';
import type { LeakCluster, LeakMember, LeakPair, LeakReport } from './types.ts';

export interface LeakDeps {
  store: Store;
  curation: CurationStore;
}

export interface LeakOptions {
  /** Duplicate score at or above which a cluster member counts (default 0.5, the duplicates threshold). */
  threshold?: number;
  /** At most this many clusters in the answer (default all); counts always cover every cluster. */
  limit?: number;
}

/**
 * Split leakage: every duplicate cluster of the latest results (the duplicates pass's verified, non-chaining
 * clusters) whose members lie in more than one split. Each such cluster keeps its copy in the most evaluative
 * split (test, then val, then other named splits, then train) and names the copies elsewhere to move there or
 * drop, so the evaluation split stays clean and no picture loses its last copy. Every cross-split pair is listed.
 * Cost: one read of the clustered curation rows and of their images; memory grows with the clustered rows.
 */
export async function findLeaks(
  deps: LeakDeps,
  dataset: string,
  options: LeakOptions = {},
): Promise<LeakReport> {
  const threshold = options.threshold ?? 0.5;
  const view = await resultsView(deps.curation, dataset, 'image');
  requireResults(view, dataset);
  const rows = await clusteredRows(deps.curation, view, threshold);
  const splitOfImage = await imageSplits(deps.store, dataset, [...rows.keys()]);
  const { splits, unsplit } = await splitCounts(deps.store, dataset);

  const byCluster = new Map<string, CurationRow[]>();
  for (const row of rows.values()) {
    // An image deleted since the run is no longer in any split.
    if (!splitOfImage.has(row.id)) continue;
    const members = byCluster.get(row.duplicateCluster as string) ?? [];
    members.push(row);
    byCluster.set(row.duplicateCluster as string, members);
  }
  const clusters: LeakCluster[] = [];
  for (const [cluster, members] of byCluster) {
    const leak = leakOf(cluster, members, splitOfImage);
    if (leak) clusters.push(leak);
  }
  clusters.sort((a, b) => b.confidence - a.confidence || (a.cluster < b.cluster ? -1 : 1));
  const counts = {
    clusters: clusters.length,
    pairs: clusters.reduce((sum, c) => sum + c.pairs.length, 0),
    toMove: clusters.reduce((sum, c) => sum + c.members.filter((m) => m.action === 'move').length, 0),
  };
  return {
    dataset,
    runId: view.full?.runId ?? null,
    threshold,
    splits,
    unsplit,
    clusters: options.limit === undefined ? clusters : clusters.slice(0, options.limit),
    counts,
    notice: noticeOf(splits),
  };
}

function noticeOf(splits: Record<string, number>): string | null {
  const names = Object.keys(splits);
  if (names.length === 0)
    return 'No image has a split, so leakage cannot be judged: put images in train/ val/ test/ folders or give a "split" in a sidecar or manifest.';
  if (names.length === 1) return `Every image with a split is in "${names[0]}": nothing can leak.`;
  return null;
}

/** Clustered image rows at or above the threshold: the full run's (read with a filter) under the newer ones. */
async function clusteredRows(
  curation: CurationStore,
  view: Awaited<ReturnType<typeof resultsView>>,
  threshold: number,
): Promise<Map<string, CurationRow>> {
  const rows = new Map<string, CurationRow>();
  const keep = (row: CurationRow) =>
    row.duplicateCluster !== null && (row.representative || row.duplicateScore >= threshold);
  if (view.full) {
    const total = await curation.countRows(view.full.runId, {
      kind: 'image',
      where: where.notNull('duplicateCluster'),
    });
    for (let offset = 0; offset < total; offset += 10_000) {
      const page = await curation.rows(view.full.runId, {
        kind: 'image',
        where: where.notNull('duplicateCluster'),
        limit: 10_000,
        offset,
        orderBy: { column: 'id', ascending: true },
      });
      for (const row of page) if (!view.overrides.has(row.id) && keep(row)) rows.set(row.id, row);
    }
  }
  for (const row of view.overrides.values()) if (keep(row)) rows.set(row.id, row);
  return rows;
}

async function imageSplits(
  store: Store,
  dataset: string,
  ids: string[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 1_000) {
    for (const image of await store.images.getMany(dataset, ids.slice(i, i + 1_000)))
      out.set(image.id, splitOf(image.tags));
  }
  return out;
}

async function splitCounts(store: Store, dataset: string) {
  const splits: Record<string, number> = {};
  let unsplit = 0;
  for await (const batch of store.images.scan(dataset, { columns: ['tags'] })) {
    for (const { tags } of batch) {
      const split = splitOf(tags);
      if (split === null) unsplit++;
      else splits[split] = (splits[split] ?? 0) + 1;
    }
  }
  return { splits, unsplit };
}

function leakOf(
  cluster: string,
  rows: CurationRow[],
  splitOfImage: Map<string, string | null>,
): LeakCluster | undefined {
  const split = (row: CurationRow) => splitOfImage.get(row.id) ?? null;
  const named = rows.filter((row) => split(row) !== null);
  const splits = new Set(named.map(split));
  if (splits.size < 2) return undefined;
  const home = [...splits].sort(
    (a, b) =>
      evaluationRank(b as string) - evaluationRank(a as string) || ((a as string) < (b as string) ? -1 : 1),
  )[0] as string;
  const inHome = named.filter((row) => split(row) === home).sort((a, b) => (a.key < b.key ? -1 : 1));
  // The duplicates pass's keeper stays the keeper when it is in the home split.
  const keeper = inHome.find((row) => row.representative) ?? inHome[0];
  const members: LeakMember[] = rows
    .map((row): LeakMember => {
      const s = split(row);
      const action = s === null ? 'none' : row.id === keeper.id || s === home ? 'keep' : 'move';
      return {
        id: row.id,
        key: row.key,
        split: s,
        duplicateScore: row.duplicateScore,
        exactDuplicate: row.exactDuplicate,
        action,
        to: action === 'move' ? home : null,
      };
    })
    .sort((a, b) => (a.action === b.action ? (a.key < b.key ? -1 : 1) : a.action === 'keep' ? -1 : 1));
  const pairs: LeakPair[] = [];
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const [a, b] = [named[i], named[j]];
      if (split(a) === split(b)) continue;
      pairs.push({
        a: a.id,
        b: b.id,
        splits: [split(a) as string, split(b) as string],
        confidence: pairConfidence(a, b),
      });
    }
  }
  return {
    cluster,
    home,
    keep: { id: keeper.id, key: keeper.key },
    members,
    pairs,
    confidence: Math.max(...pairs.map((pair) => pair.confidence)),
  };
}

/** A keeper's own score is its nearest neighbour's; a member's is at least the cluster threshold's 0.5. */
function pairConfidence(a: CurationRow, b: CurationRow): number {
  if (a.exactDuplicate && b.exactDuplicate) return 1;
  return Math.min(a.duplicateScore, b.duplicateScore);
}
