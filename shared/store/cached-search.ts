import type { Table } from '@lancedb/lancedb';
import { hitColumns } from './cached-rows.ts';
import { decodeBatch } from './convert.ts';
import type { Filter } from './filters.ts';
import { datasetWhere } from './query.ts';
import type { RowCache } from './row-cache.ts';
import type { TableSpec } from './schema.ts';
import type { DatasetScope } from './scope.ts';
import { SEARCH_TUNING } from './vectors.ts';

type Row = Record<string, unknown>;

/**
 * Candidates asked of the index per hit. LanceDB's own refinement re-ranks candidates by reading their full
 * vectors from disk again; here they come from the row cache and are re-ranked in JavaScript, so asking for two
 * per hit (twice what the store's refine factor of 1 re-ranks) costs microseconds, not a second read.
 */
export const RERANK_FACTOR = 2;

export interface CachedSearch {
  cache: RowCache;
  scope: DatasetScope;
  spec: TableSpec;
  /** The shared handle on the table, at its latest version. */
  table: Table;
  openAt(version: number): Promise<Table>;
}

type Candidate = { row: Row; vector: Float32Array };

/**
 * A cosine search that reads only row ids and distances from LanceDB, takes the hits' rows and vectors from the
 * row cache (reading the missing ones by row id), and ranks them by their exact similarity. Every read goes
 * through one handle checked out at the version the cache holds, so the row ids, the rows and the dataset scope
 * all belong to the same version even while another process writes.
 */
export async function cachedVectorSearch(
  ctx: CachedSearch,
  dataset: string,
  vector: Float32Array,
  options: { limit: number; where?: Filter; exclude?: readonly string[] },
): Promise<{ row: Row; score: number }[]> {
  const version = await ctx.cache.sync(ctx.table);
  const exclude = new Set(options.exclude);
  const count = (options.limit + exclude.size) * RERANK_FACTOR;
  const lease = ctx.cache.pinned(version, ctx.openAt);
  let candidates: (Candidate | undefined)[];
  try {
    candidates = await readCandidates(ctx, await lease.table, version, dataset, vector, count, options.where);
  } finally {
    lease.release();
  }

  const norm = Math.sqrt(dot(vector, vector));
  const hits: { row: Row; score: number }[] = [];
  for (const entry of candidates) {
    // The filter named the dataset unless the scope found it the only one at this version.
    if (!entry || entry.row.dataset !== dataset || exclude.has(entry.row.id as string)) continue;
    hits.push({ row: entry.row, score: cosine(vector, norm, entry.vector) });
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, options.limit);
}

/** The `count` nearest rows' ids from the index, then their rows and vectors, held or read by row id. */
async function readCandidates(
  ctx: CachedSearch,
  pinned: Table,
  version: number,
  dataset: string,
  vector: Float32Array,
  count: number,
  where: Filter | undefined,
): Promise<(Candidate | undefined)[]> {
  const { cache, spec } = ctx;
  const scoped = (await ctx.scope.sole(pinned, version)) === dataset ? undefined : dataset;
  let query = pinned
    .vectorSearch(vector)
    .distanceType('cosine')
    .nprobes(SEARCH_TUNING.nprobes)
    .ef(Math.max(SEARCH_TUNING.ef, count))
    .select(['_distance'])
    .withRowId()
    .limit(count);
  const filter = datasetWhere(spec, scoped, where);
  if (filter) query = query.where(filter);
  const rowids: number[] = [];
  for await (const batch of query)
    for (const hit of decodeBatch(batch, spec)) rowids.push(hit._rowid as number);

  const found = new Map(
    rowids.flatMap((rowid) => {
      const held = cache.byRowId(rowid);
      return held ? [[rowid, held] as const] : [];
    }),
  );
  const missing = rowids.filter((rowid) => !found.has(rowid));
  if (missing.length > 0) {
    const take = pinned
      .takeRowIds(missing)
      .select([...hitColumns(spec), 'vector'])
      .withRowId();
    for await (const batch of take) {
      for (const { _rowid, vector: stored, ...row } of decodeBatch(batch, spec)) {
        const entry = { row, vector: stored as Float32Array };
        found.set(_rowid as number, entry);
        cache.putByRowId(version, _rowid as number, row, entry.vector);
      }
    }
  }
  return rowids.map((rowid) => found.get(rowid));
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** LanceDB's cosine similarity (1 - its distance), clamped the same way; 0 against a zero vector. */
function cosine(query: Float32Array, queryNorm: number, other: Float32Array): number {
  const denominator = queryNorm * Math.sqrt(dot(other, other));
  if (denominator === 0) return 0;
  return Math.max(-1, Math.min(1, dot(query, other) / denominator));
}
