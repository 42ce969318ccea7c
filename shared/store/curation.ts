import { type Connection, connect, type Table } from '@lancedb/lancedb';
import { VisibleError } from '../errors/index.ts';
import { retryingOnce } from '../lazy/once.ts';
import { silentLogger } from '../log/index.ts';
import { cleanupCutoff } from './cleanup.ts';
import {
  clusterRecord,
  curationRecord,
  runRecord,
  toClusterRow,
  toCurationRow,
  toRunRow,
} from './curation-convert.ts';
import { clustersSpec, curationSpec, runsSpec } from './curation-schema.ts';
import type { CurationRow, CurationStore, MapPoint } from './curation-types.ts';
import { compileFilter, type Filter, where } from './filters.ts';
import { checkSchemaVersion, readSchemaVersion, recordSchemaVersion } from './meta.ts';
import type { OpenStoreOptions } from './open.ts';
import { checkColumns, checkLimit, chunks, selectRows, streamRows } from './query.ts';
import { withCommitRetry } from './retry.ts';
import { ensureScalarIndexes, type ScalarIndexSpec } from './scalar-index.ts';
import { arrowSchema, filterColumns, metaSpec, type TableSpec } from './schema.ts';
import { addMissingColumns, LazyTable, missingColumns, type TableContext } from './tables.ts';

/** From this many curation rows on, their id and run id are indexed (by optimize()). */
const CURATION_INDEX_ROWS = 10_000;
const CURATION_INDEXES: ScalarIndexSpec[] = [
  { column: 'id', name: 'id_idx', kind: 'btree' },
  { column: 'runId', name: 'run_idx', kind: 'bitmap' },
  // An arrival that joins a cluster reads its members (relative mode): without it, every row of the run.
  { column: 'duplicateCluster', name: 'duplicate_cluster_idx', kind: 'btree' },
];

const MAP_COLUMNS = [
  'id',
  'key',
  'label',
  'duplicateCluster',
  'representative',
  'uniqueness',
  'mislabelConfidence',
  'suggestedLabel',
  'outlierConfidence',
  'datasetOutlierConfidence',
  'cluster0',
  'cluster1',
  'cluster2',
  'cluster3',
  'cluster4',
  'mapX',
  'mapY',
  'mapRank',
];

/**
 * The curation tables beside the image tables, in the same LanceDB location and under the same schema
 * version (recorded in `meta` before the first of them is created). Rows are appended, never merged:
 * a run writes each subject once, and a commit conflict is retried as a whole write.
 */
export async function openCurationStore(uri: string, options: OpenStoreOptions = {}): Promise<CurationStore> {
  const conn = await connect(uri, {
    storageOptions: options.storageOptions,
    readConsistencyInterval: options.readConsistencySeconds ?? 0,
  });
  return openCurationTables(conn, uri, options, () => conn.close());
}

/**
 * The curation tables on a connection that is already open (the image store's: `store.curation()`), so a process
 * holds one LanceDB connection per location. `closeConnection` runs on close: the owner of the connection passes it.
 */
export async function openCurationTables(
  conn: Connection,
  uri: string,
  options: Pick<OpenStoreOptions, 'log' | 'readOnly'>,
  closeConnection: () => void = () => {},
): Promise<CurationStore> {
  const log = options.log ?? silentLogger;
  const readOnly = options.readOnly === true;
  const meta = new LazyTable({ conn, log, readOnly, beforeCreate: async () => {} }, metaSpec);
  const ctx: TableContext = {
    conn,
    log,
    readOnly,
    beforeCreate: retryingOnce(() => recordSchemaVersion(meta)),
  };
  const runs = new LazyTable(ctx, runsSpec);
  const curation = new LazyTable(ctx, curationSpec);
  const clusters = new LazyTable(ctx, clustersSpec);
  const all = [runs, curation, clusters, meta];
  try {
    checkSchemaVersion(await readSchemaVersion(meta), uri);
  } catch (error) {
    closeConnection();
    throw error;
  }

  const upgraded = new Set<string>();
  const append = async (lazy: LazyTable, records: Record<string, unknown>[], what: string) => {
    if (records.length === 0) return;
    const table = await lazy.create(() => arrowSchema(lazy.spec));
    if (!upgraded.has(lazy.name)) {
      await withCommitRetry(`upgrade ${lazy.name}`, () => addMissingColumns(table, lazy.spec), { log });
      upgraded.add(lazy.name);
    }
    await withCommitRetry(what, () => table.add(records), { log });
  };
  const rowsOf = async (lazy: LazyTable, filter: Filter, extra: Parameters<typeof selectRows>[3] = {}) => {
    const table = await lazy.open();
    if (!table) return [];
    return selectRows(table, lazy.spec, compile(lazy.spec, filter), extra);
  };
  const runFilter = (runId: string, kind?: string, extra?: Filter) =>
    where.and(where.eq('runId', runId), kind === undefined ? undefined : where.eq('kind', kind), extra);

  const store: CurationStore = {
    async startRun(run) {
      await append(runs, [runRecord({ ...run, status: 'running', finishedAt: null })], 'start run');
    },

    async writeRows(rows) {
      for (const row of rows) checkCurationRow(row);
      for (const chunk of chunks(rows, 10_000))
        await append(curation, chunk.map(curationRecord), 'write curation rows');
    },

    async writeClusters(rows) {
      await append(clusters, rows.map(clusterRecord), 'write visual clusters');
    },

    async finishRun(runId, result) {
      const run = await store.run(runId);
      if (!run) throw new Error(`run ${runId} was never started`);
      const table = (await runs.openForWrite()) as Table;
      const { parameters, ...outcome } = result;
      const finished = runRecord({
        ...run,
        ...outcome,
        parameters: { ...run.parameters, ...parameters },
        finishedAt: Date.now(),
      });
      await withCommitRetry(
        'finish run',
        () => table.mergeInsert('runId').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([finished]),
        { log },
      );
    },

    async run(runId) {
      const found = await rowsOf(runs, where.eq('runId', runId), { limit: 1 });
      return found.length === 0 ? undefined : toRunRow(found[0]);
    },

    async latestRun(dataset, kind) {
      const filter = where.and(
        where.eq('dataset', dataset),
        where.eq('status', 'finished'),
        kind === undefined ? undefined : where.eq('kind', kind),
      );
      const found = await rowsOf(runs, filter, {
        limit: 1,
        orderBy: { column: 'startedAt', ascending: false },
      });
      return found.length === 0 ? undefined : toRunRow(found[0]);
    },

    async runs(dataset, limit) {
      const found = await rowsOf(runs, where.eq('dataset', dataset), {
        limit: checkLimit(limit, 100),
        orderBy: { column: 'startedAt', ascending: false },
      });
      return found.map(toRunRow);
    },

    async rows(runId, options = {}) {
      const offset = options.offset ?? 0;
      if (!Number.isInteger(offset) || offset < 0)
        throw new VisibleError('offset must be a whole number, 0 or more.', 'invalid_input');
      if (options.orderBy) checkColumns(curationSpec, [options.orderBy.column]);
      const found = await rowsOf(curation, runFilter(runId, options.kind, options.where), {
        limit: checkLimit(options.limit, 1_000),
        offset,
        orderBy: options.orderBy,
      });
      return found.map(toCurationRow);
    },

    async rowsFor(runId, ids) {
      const out: CurationRow[] = [];
      const runIds = typeof runId === 'string' ? [runId] : runId;
      for (const runChunk of chunks(runIds)) {
        const inRuns = runChunk.length === 1 ? where.eq('runId', runChunk[0]) : where.in('runId', runChunk);
        for (const chunk of chunks(ids)) {
          const found = await rowsOf(curation, where.and(inRuns, where.in('id', chunk)));
          for (const record of found) out.push(toCurationRow(record));
        }
      }
      return out;
    },

    async *scanRows(runId, options = {}) {
      const table = await curation.open();
      if (!table) return;
      const filter = compile(curationSpec, runFilter(runId, options.kind));
      const absent = new Set(await missingColumns(table, curationSpec));
      const columns = Object.keys(curationSpec.columns).filter((name) => !absent.has(name));
      for await (const batch of streamRows(table, curationSpec, filter, columns, options.batchSize ?? 4096)) {
        yield batch.map(toCurationRow);
      }
    },

    async *scanColumns(runId, options) {
      const table = await curation.open();
      if (!table) return;
      const filter = compile(curationSpec, runFilter(runId, options.kind));
      const absent = new Set(await missingColumns(table, curationSpec));
      const columns = checkColumns(curationSpec, [...options.columns]).filter((name) => !absent.has(name));
      for await (const batch of streamRows(table, curationSpec, filter, columns, options.batchSize ?? 8192)) {
        yield batch.map(toCurationRow);
      }
    },

    async countRows(runId, options = {}) {
      const table = await curation.open();
      if (!table) return 0;
      return table.countRows(compile(curationSpec, runFilter(runId, options.kind, options.where)));
    },

    async mapPoints(runId, range) {
      const table = await curation.open();
      if (!table || (await missingColumns(table, curationSpec)).includes('mapRank')) return [];
      const filter = runFilter(runId, 'image', where.range('mapRank', { gte: range.from, lt: range.to }));
      const found = await selectRows(table, curationSpec, compile(curationSpec, filter), {
        columns: MAP_COLUMNS,
        orderBy: { column: 'mapRank' },
      });
      return found.map((record) => toCurationRow(record) as MapPoint);
    },

    async clusters(runId, level, options = {}) {
      const one = options.id === undefined ? undefined : where.eq('clusterId', options.id);
      const filter = where.and(where.eq('runId', runId), where.eq('level', level), one);
      const found = await rowsOf(clusters, filter, {
        limit: checkLimit(options.limit, 1_000),
        offset: options.offset ?? 0,
        orderBy: { column: 'size', ascending: false },
      });
      return found.map(toClusterRow);
    },

    async prune(dataset, keepFull) {
      if (!Number.isInteger(keepFull) || keepFull < 1)
        throw new VisibleError('At least one full run must be kept.', 'invalid_input');
      const history = (await rowsOf(runs, where.eq('dataset', dataset))).map(toRunRow);
      const full = history
        .filter((run) => run.kind === 'full' && run.status === 'finished')
        .sort((a, b) => b.startedAt - a.startedAt);
      if (full.length <= keepFull) return [];
      const cutoff = full[keepFull - 1].startedAt;
      const gone = history.filter((run) => run.startedAt < cutoff).map((run) => run.runId);
      for (const chunk of chunks(gone)) {
        // Rows before runs: a crash in between leaves a run without rows, which the next prune removes.
        for (const lazy of [curation, clusters, runs]) {
          const table = await lazy.openForWrite();
          const filter = compile(lazy.spec, where.in('runId', chunk));
          if (table) await withCommitRetry(`prune ${lazy.name}`, () => table.delete(filter), { log });
        }
      }
      return gone;
    },

    async optimize(optimizeOptions = {}) {
      const olderThan = new Date(Date.now() - (optimizeOptions.keepVersionsMs ?? 60 * 60 * 1000));
      for (const lazy of [runs, curation, clusters]) {
        const table = await lazy.openForWrite();
        if (table) {
          // Joins read curation rows by id for a run: without these, each join scans every run's rows.
          if (lazy === curation && (await table.countRows()) >= CURATION_INDEX_ROWS)
            await ensureScalarIndexes(table, CURATION_INDEXES);
          await withCommitRetry(
            `optimize ${lazy.name}`,
            async () => table.optimize({ cleanupOlderThan: await cleanupCutoff(table, olderThan) }),
            {
              log,
            },
          );
        }
      }
    },

    close() {
      for (const lazy of all) lazy.close();
      closeConnection();
    },
  };
  return store;
}

function compile(spec: TableSpec, filter: Filter): string {
  return compileFilter(filter, filterColumns(spec));
}

const SCORES = [
  'duplicateScore',
  'uniqueness',
  'mislabelConfidence',
  'outlierConfidence',
  'datasetOutlierConfidence',
  'typicality',
] as const;

/** A NaN or out-of-range score would silently fall out of every threshold filter: refuse it at the write. */
function checkCurationRow(row: CurationRow): void {
  for (const name of SCORES) {
    const value = row[name];
    if (!(value >= 0 && value <= 1))
      throw new Error(`curation row ${row.id}: ${name} is ${value}, not in [0, 1]`);
  }
  if (!(row.nearestSimilarity >= -1 && row.nearestSimilarity <= 1)) {
    throw new Error(`curation row ${row.id}: nearestSimilarity is ${row.nearestSimilarity}, not in [-1, 1]`);
  }
}
