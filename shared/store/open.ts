import { connect } from '@lancedb/lancedb';
import { retryingOnce } from '../lazy/once.ts';
import { type Logger, silentLogger } from '../log/index.ts';
import { StoreCore } from './core.ts';
import { openCurationTables } from './curation.ts';
import type { CurationStore } from './curation-types.ts';
import { createFailureTable } from './failures.ts';
import { createImageTable } from './images.ts';
import { checkSchemaVersion, readSchemaVersion } from './meta.ts';
import { createObjectTable } from './objects.ts';
import { optimizeStore } from './optimize.ts';
import type { RowCacheLimits } from './row-cache.ts';
import { recordSuppliedModel } from './supplied-model.ts';
import type { Store } from './types.ts';

export interface OpenStoreOptions {
  /** Passed to LanceDB as is (S3 credentials, endpoint, `allowHttp: 'true'`, ...). */
  storageOptions?: Record<string, string>;
  log?: Logger;
  /** Never writes: no tables, no indexes (text search then scans). For query-only processes. */
  readOnly?: boolean;
  /**
   * Seconds between checks for other processes' writes (default 0: every read sees the latest commit;
   * on S3 a larger value saves a request per read).
   */
  readConsistencySeconds?: number;
  /**
   * Build and refresh the vector indexes in the background as this process writes rows (default true). Off,
   * only optimize() builds them.
   */
  indexInBackground?: boolean;
  /**
   * Decoded image rows and vectors kept in memory for searches (default DEFAULT_ROW_CACHE; `{rows: 0, vectorBytes: 0}`
   * reads every hit from LanceDB). Any write empties it, so it never answers a stale row.
   */
  rowCache?: RowCacheLimits;
}

/**
 * Opens (without creating anything) the LanceDB store at `uri`, a directory or s3://bucket/prefix.
 * Tables are created on first write. A store written by a newer viscura is refused.
 */
export async function openStore(uri: string, options: OpenStoreOptions = {}): Promise<Store> {
  const log = options.log ?? silentLogger;
  const conn = await connect(uri, {
    storageOptions: options.storageOptions,
    readConsistencyInterval: options.readConsistencySeconds ?? 0,
  });
  const core = new StoreCore(
    uri,
    conn,
    log,
    options.readOnly === true,
    options.indexInBackground !== false,
    options.rowCache,
  );
  try {
    checkSchemaVersion(await readSchemaVersion(core.meta), uri);
  } catch (error) {
    core.close();
    throw error;
  }
  let curation: CurationStore | undefined;
  const openCuration = retryingOnce(async (): Promise<CurationStore> => {
    curation = await openCurationTables(core.conn, uri, { log, readOnly: core.readOnly });
    // Every caller shares this one (a server's requests, a watcher's runs): their close() must not end it.
    return { ...curation, close: () => {} };
  });
  return {
    uri,
    images: createImageTable(core),
    objects: createObjectTable(core),
    failures: createFailureTable(core),
    model: () => core.model(),
    assertModel: (model) => core.assertModel(model),
    suppliedModel: () => core.suppliedModel(),
    recordSuppliedModel: (model) => recordSuppliedModel(core.meta, model),
    schemaVersion: () => readSchemaVersion(core.meta),
    optimize: (optimizeOptions) => optimizeStore(core, optimizeOptions),
    settle: () => core.indexer.settle(),
    curation: openCuration,
    close: () => {
      curation?.close();
      core.close();
    },
  };
}
