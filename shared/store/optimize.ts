import type { Table } from '@lancedb/lancedb';
import { cleanupCutoff } from './cleanup.ts';
import type { StoreCore } from './core.ts';
import { withCommitRetry } from './retry.ts';
import type { LazyTable } from './tables.ts';
import { TEXT_INDEX, textIndexConfig } from './text-search.ts';
import type { OptimizeOptions, OptimizeReport } from './types.ts';
import { DEFAULT_VECTOR_INDEX_ROWS, maintainVectorTable } from './vector-index.ts';

export { DEFAULT_VECTOR_INDEX_ROWS, VECTOR_INDEX, vectorIndexConfig } from './vector-index.ts';

/**
 * Compacts small fragments (every write adds one), deletes old versions, brings every index up to date,
 * and builds the indexes a table has grown into: full-text on images; vector, id and dataset indexes on the
 * vector tables from DEFAULT_VECTOR_INDEX_ROWS rows on (rebuilt as one once refreshes have split it).
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
    const indexed = await buildIndexes(core, lazy, table, rows, minRows);
    const stats = await withCommitRetry(
      `optimize ${lazy.name}`,
      async () =>
        table.optimize({ cleanupOlderThan: await cleanupCutoff(table, new Date(Date.now() - keepMs)) }),
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

async function buildIndexes(
  core: StoreCore,
  lazy: LazyTable,
  table: Table,
  rows: number,
  minRows: number,
): Promise<string[]> {
  if (rows === 0) return [];
  const built: string[] = [];
  if (lazy.name === 'images' && !(await table.listIndices()).some((index) => index.name === TEXT_INDEX)) {
    await withCommitRetry('build the full-text index', () =>
      table.createIndex('text', { config: textIndexConfig(), name: TEXT_INDEX }),
    );
    built.push(TEXT_INDEX);
  }
  // A background upkeep job may be building right now: wait for it rather than build the same index twice.
  await core.indexer.settle();
  if (lazy.name === 'images' || lazy.name === 'objects')
    built.push(...(await maintainVectorTable(table, { minRows, log: core.log, refresh: false })));
  return built;
}
