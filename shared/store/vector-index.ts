import { Index, type IndexStatistics, type Table } from '@lancedb/lancedb';
import { errorMessage } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { withCommitRetry } from './retry.ts';
import { ensureScalarIndexes, type ScalarIndexSpec } from './scalar-index.ts';

export const VECTOR_INDEX = 'vector_idx';
/**
 * From this many rows on, vectors are indexed. Measured in bench/store-search.ts (862-d, 2 cores): at 250 rows
 * the index answers as fast as a flat scan and builds in ~30 ms; from 1,000 rows on it is faster, and flat search
 * grows linearly (~100 ms and more at 20,000 rows) while the index stays at a few ms.
 */
export const DEFAULT_VECTOR_INDEX_ROWS = 256;
/**
 * Rows written after the index are searched flat (exact, slower). Past this many (or 5% of the indexed rows,
 * whichever is more) the index is refreshed: LanceDB indexes the new rows as one more segment.
 */
export const VECTOR_REFRESH_ROWS = 1_000;
export const VECTOR_REFRESH_FRACTION = 0.05;
/** Every segment is searched on its own: past this many, the index is rebuilt as one. */
export const MAX_INDEX_SEGMENTS = 4;
/** One HNSW graph per this many rows at most bounds the memory a build needs. */
const PARTITION_ROWS = 500_000;
/**
 * Small tables are split too, into up to this many IVF partitions (an HNSW graph each) of at least
 * MIN_PARTITION_ROWS: a single graph over 3,000 clustered rows sometimes left a cluster unreachable (a query found
 * 0 of its 10 neighbours at any ef; bench/vector-index-builds.ts, docs/api.md). At most SEARCH_TUNING.nprobes,
 * so every partition is searched up to 10M rows.
 */
const SMALL_PARTITIONS = 16;
const MIN_PARTITION_ROWS = 128;
/** How often a writer looks at its tables' indexes (a count and an index listing, a few ms). */
const CHECK_MS = 1_000;

export type IndexAction = 'none' | 'build' | 'refresh' | 'rebuild';

/** What to do with a table's vector index, from its size and the index's statistics (undefined: no index). */
export function vectorIndexAction(
  rows: number,
  stats: Pick<IndexStatistics, 'numIndexedRows' | 'numUnindexedRows' | 'numIndices'> | undefined,
  minRows = DEFAULT_VECTOR_INDEX_ROWS,
): IndexAction {
  if (!stats) return rows >= minRows && rows > 0 ? 'build' : 'none';
  const due = Math.max(VECTOR_REFRESH_ROWS, stats.numIndexedRows * VECTOR_REFRESH_FRACTION);
  if (stats.numUnindexedRows < due) return 'none';
  return (stats.numIndices ?? 1) >= MAX_INDEX_SEGMENTS ? 'rebuild' : 'refresh';
}

export function vectorPartitions(rows: number): number {
  const small = Math.min(SMALL_PARTITIONS, Math.ceil(rows / MIN_PARTITION_ROWS));
  return Math.max(1, small, Math.ceil(rows / PARTITION_ROWS));
}

/**
 * IVF_HNSW_SQ for cosine. Measured at 1k, 20k and 100k x 862 (bench/store-search.ts, docs/api.md): recall@10
 * >= 0.99 against exact with the store's tuning (ef 100, refine 1, which re-ranks the hits by their full vectors).
 */
export function vectorIndexConfig(rows: number): Index {
  return Index.hnswSq({ distanceType: 'cosine', numPartitions: vectorPartitions(rows) });
}

/**
 * Scalar indexes every read uses: `id` (get by id) and `dataset` (every query's first condition). Without them
 * each such filter reads the whole column.
 */
const SCALAR_INDEXES: ScalarIndexSpec[] = [
  { column: 'id', name: 'id_idx', kind: 'btree' },
  { column: 'dataset', name: 'dataset_idx', kind: 'bitmap' },
];

/**
 * An arrival's duplicate check looks up stored images by content hash (exact copies), and the watcher finds
 * arrivals by ingest time: unindexed, each read the column of every row, O(n) per arrival (bench/arrival.ts).
 */
const IMAGE_INDEXES: ScalarIndexSpec[] = [
  { column: 'sha256', name: 'sha256_idx', kind: 'btree' },
  { column: 'pixelHash', name: 'pixel_hash_idx', kind: 'btree' },
  { column: 'ingestedAt', name: 'ingested_at_idx', kind: 'btree' },
];

function scalarIndexesOf(table: string): ScalarIndexSpec[] {
  return table === 'images' ? [...SCALAR_INDEXES, ...IMAGE_INDEXES] : SCALAR_INDEXES;
}

export interface UpkeepOptions {
  minRows: number;
  log: Logger;
  keepVersionsMs?: number;
  /** false when the caller runs optimize() itself right after, which refreshes every index. */
  refresh?: boolean;
}

/** Brings a vector table's indexes up to date; returns the names of those built or rebuilt. */
export async function maintainVectorTable(table: Table, options: UpkeepOptions): Promise<string[]> {
  const { minRows, log, keepVersionsMs = 60 * 60 * 1000, refresh = true } = options;
  const rows = await table.countRows();
  if (rows === 0) return [];
  const existing = new Set((await table.listIndices()).map((index) => index.name));
  const built: string[] = [];
  const stats = existing.has(VECTOR_INDEX) ? await table.indexStats(VECTOR_INDEX) : undefined;
  const action = vectorIndexAction(rows, stats, minRows);
  if (action === 'build' || action === 'rebuild') {
    const started = Date.now();
    await withCommitRetry('build the vector index', () =>
      table.createIndex('vector', { config: vectorIndexConfig(rows), name: VECTOR_INDEX, replace: true }),
    );
    log.info(`${action === 'build' ? 'built' : 'rebuilt'} the vector index`, {
      rows,
      ms: Date.now() - started,
    });
    built.push(VECTOR_INDEX);
  }
  if (rows >= minRows) built.push(...(await ensureScalarIndexes(table, scalarIndexesOf(table.name))));
  if (action === 'refresh' && refresh) {
    const started = Date.now();
    // optimize() indexes the new rows (one more segment) and compacts the fragments they were written in.
    await withCommitRetry('refresh the indexes', () =>
      table.optimize({ cleanupOlderThan: new Date(Date.now() - keepVersionsMs) }),
    );
    log.info('refreshed the vector index', { unindexed: stats?.numUnindexedRows, ms: Date.now() - started });
  }
  return built;
}

/**
 * Keeps a writer's vector indexes current as rows arrive: after a write it looks (at most once a second per
 * table) and builds, refreshes or rebuilds in the background, one job per table at a time. The write that
 * noticed never waits; searches meanwhile use the index as it was plus a flat scan of the newer rows.
 */
export class VectorIndexer {
  readonly #jobs = new Map<string, Promise<void>>();
  readonly #checkedAt = new Map<string, number>();
  #closed = false;

  constructor(
    private readonly log: Logger,
    private readonly minRows = DEFAULT_VECTOR_INDEX_ROWS,
  ) {}

  afterWrite(name: string, table: Table): void {
    if (this.#closed || this.#jobs.has(name)) return;
    const now = Date.now();
    if (now - (this.#checkedAt.get(name) ?? 0) < CHECK_MS) return;
    this.#checkedAt.set(name, now);
    const job = maintainVectorTable(table, { minRows: this.minRows, log: this.log })
      .then(() => undefined)
      .catch((error) => {
        // After close the table is gone on purpose; before it, a failure is retried by the next write's check.
        if (!this.#closed)
          this.log.warn('vector index upkeep failed', { table: name, error: errorMessage(error) });
      })
      .finally(() => this.#jobs.delete(name));
    this.#jobs.set(name, job);
  }

  /** Resolves when the jobs running now have finished (tests, orderly shutdown). */
  async settle(): Promise<void> {
    await Promise.all(this.#jobs.values());
  }

  close(): void {
    this.#closed = true;
  }
}
