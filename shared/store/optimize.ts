import { Index, type Table } from '@lancedb/lancedb';
import type { StoreCore } from './core.ts';
import { withCommitRetry } from './retry.ts';
import type { LazyTable } from './tables.ts';
import { TEXT_INDEX, textIndexConfig } from './text-search.ts';
import type { OptimizeOptions, OptimizeReport } from './types.ts';

export const VECTOR_INDEX = 'vector_idx';
/**
 * Flat search grows linearly (bench/store-search.ts, 512-d: 10x the rows, 10x the time, ~0.4 s at 100k on a busy
 * 2-core machine) while an index answers in ~15 ms; past ~50k rows flat search stops being interactive.
 */
export const DEFAULT_VECTOR_INDEX_ROWS = 50_000;

/**
 * Compacts small fragments (every write adds one), deletes old versions, brings every index up to date,
 * and builds the indexes a table has grown into: full-text on images, IVF_HNSW_SQ on vectors once large.
 * Building a vector index takes minutes at 100k rows on 2 cores: run it in the background or nightly.
 */
export async function optimizeStore(core: StoreCore, options: OptimizeOptions = {}): Promise<OptimizeReport> {
  const keepMs = options.keepVersionsMs ?? 60 * 60 * 1000;
  const minRows = options.vectorIndexMinRows ?? DEFAULT_VECTOR_INDEX_ROWS;
  const report: OptimizeReport = { tables: [] };
  for (const lazy of [core.images, core.objects, core.failures, core.meta]) {
    const table = await lazy.openForWrite();
    if (!table) continue;
    const started = Date.now();
    const rows = await table.countRows();
    const indexed = await buildIndexes(lazy, table, rows, minRows);
    const stats = await withCommitRetry(
      `optimize ${lazy.name}`,
      () => table.optimize({ cleanupOlderThan: new Date(Date.now() - keepMs) }),
      { log: core.log },
    );
    report.tables.push({
      table: lazy.name,
      rows,
      fragmentsRemoved: stats.compaction.fragmentsRemoved,
      versionsRemoved: stats.prune.oldVersionsRemoved,
      indexed,
      ms: Date.now() - started,
    });
  }
  core.log.info('optimized the store', { tables: report.tables });
  return report;
}

async function buildIndexes(lazy: LazyTable, table: Table, rows: number, minRows: number): Promise<string[]> {
  if (rows === 0) return [];
  const existing = new Set((await table.listIndices()).map((index) => index.name));
  const built: string[] = [];
  if (lazy.name === 'images' && !existing.has(TEXT_INDEX)) {
    await withCommitRetry('build the full-text index', () =>
      table.createIndex('text', { config: textIndexConfig(), name: TEXT_INDEX }),
    );
    built.push(TEXT_INDEX);
  }
  const hasVectors = lazy.name === 'images' || lazy.name === 'objects';
  if (hasVectors && rows >= minRows && !existing.has(VECTOR_INDEX)) {
    await withCommitRetry('build the vector index', () =>
      table.createIndex('vector', { config: vectorIndexConfig(rows), name: VECTOR_INDEX }),
    );
    built.push(VECTOR_INDEX);
  }
  return built;
}

/**
 * IVF_HNSW_SQ for cosine. Measured at 10k and 100k x 512 (bench/store-search.ts): recall@10 1.0 with the store's
 * tuning (ef 100, refine 5), built a little faster than IVF_PQ (which needs refine 10 for 1.0). One HNSW graph
 * per 500k rows bounds the memory a build needs.
 */
export function vectorIndexConfig(rows: number): Index {
  return Index.hnswSq({ distanceType: 'cosine', numPartitions: Math.max(1, Math.ceil(rows / 500_000)) });
}
