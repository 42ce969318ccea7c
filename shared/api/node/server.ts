import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { isRemote, type ResolvedConfig } from '../../config/index.ts';
import { fileKeyStore, KEYS_FILE } from '../../keys/file.ts';
import { type KeyStore, keyAuth } from '../../keys/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import { type Bucket, type CurationStore, createLocalBucket, readOrigins } from '../../store/index.ts';
import { issueThresholds } from '../../vocabulary/index.ts';
import { createApi } from '../app.ts';
import { type ConcurrencyLimits, defaultConcurrency } from '../limiter.ts';
import type { ApiLimits } from '../route.ts';
import type { NodeQueryDeps } from './deps.ts';
import { explorerFiles } from './explorer.ts';
import { createNodeQueryPort } from './port.ts';
import { closeAfterRefusedBody } from './refused-body.ts';

const VERSION = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

/** The key file of a data directory. */
export function keyStoreFor(config: ResolvedConfig): KeyStore {
  return fileKeyStore(join(config.dataDir, KEYS_FILE));
}

/**
 * The Node query port's deps from a runtime: the curation tables on the store's connection. Originals: in the
 * cloud they are the bucket's own objects (ingest keys are object keys); embedded, a dataset's come from the
 * folders it was ingested from (recorded by the CLI's ingest), or the folder `originals` names for it.
 */
export async function nodeQueryDeps(
  runtime: Runtime,
  limits: Partial<ApiLimits> = {},
  originals: Record<string, string> = {},
): Promise<NodeQueryDeps & { curation: CurationStore }> {
  const { config } = runtime;
  const buckets = await originalFolders(config, originals);
  const curation = await runtime.store.curation();
  return {
    store: runtime.store,
    curation,
    bucket: runtime.bucket,
    originals: (dataset) => (isRemote(config.bucket) ? [runtime.bucket] : (buckets.get(dataset) ?? [])),
    embedder: () => runtime.embedder(),
    thresholds: issueThresholds(config),
    upload: {
      maxBytes: limits.uploadBytes ?? 20 * 1024 * 1024,
      maxPixels: Math.min(limits.uploadPixels ?? 40_000_000, config.ingest.maxPixels),
    },
    log: runtime.log,
    version: VERSION,
    manage: {
      views: async () => (await import('./views.ts')).openRuntimeViews(runtime, curation),
      snapshots: async () =>
        (await import('../../snapshots/index.ts')).openSnapshots(config.dbUri, {
          log: runtime.log,
          storageOptions: runtime.storageOptions,
          thresholds: issueThresholds(config),
        }),
    },
  };
}

/**
 * Each dataset's candidate folders. A dataset ingested before origins were recorded has none: the configured
 * one falls back to the inbox, and the hash check keeps that from serving any other dataset's file.
 */
async function originalFolders(
  config: ResolvedConfig,
  given: Record<string, string>,
): Promise<Map<string, Bucket[]>> {
  const origins = await readOrigins(config.dataDir);
  origins[config.dataset] ??= [config.inbox];
  for (const [dataset, dir] of Object.entries(given)) origins[dataset] = [dir, ...(origins[dataset] ?? [])];
  return new Map(
    Object.entries(origins).map(([dataset, dirs]) => [dataset, dirs.map((dir) => createLocalBucket(dir))]),
  );
}

export interface StartServerOptions {
  /** Default: config.api.port (0 picks a free port). */
  port?: number;
  /** Default: config.api.host (127.0.0.1). */
  host?: string;
  keys?: KeyStore;
  /** Create a key when none is active, and return it (default true). */
  ensureKey?: boolean;
  limits?: Partial<ApiLimits>;
  /** The explorer page's built files, served at `/` (default: web/dist of this checkout); null: the API alone. */
  staticRoot?: string | null;
  /** The bounded request queue (default: defaultConcurrency of this machine's cores); null: no limit. */
  concurrency?: ConcurrencyLimits | null;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The key created because none was active; shown once. */
  createdKey?: string;
  close(): Promise<void>;
}

/** Serves the query API of a runtime over HTTP: what `viscura serve` and `npm start` run. */
export async function startServer(
  runtime: Runtime,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const { config, log } = runtime;
  const keys = options.keys ?? keyStoreFor(config);
  let createdKey: string | undefined;
  if (options.ensureKey !== false && !(await keys.list()).some((key) => key.revokedAt === null)) {
    createdKey = (await keys.create({ datasets: null, name: 'embedded' })).key;
  }
  const deps = await nodeQueryDeps(runtime, options.limits);
  const query = createNodeQueryPort(deps);
  // In the background: requests are answered (by queries) while the rows load.
  runtime.store.images
    .datasets()
    .then((datasets) => query.preload(datasets))
    .catch((error) => log.warn('could not preload curation results', { error: String(error) }));
  const app = createApi(
    { query, auth: keyAuth(keys) },
    {
      log: log.child({ component: 'api' }),
      limits: options.limits,
      version: VERSION,
      concurrency:
        options.concurrency === null
          ? undefined
          : (options.concurrency ?? defaultConcurrency(availableParallelism())),
    },
  );
  const host = options.host ?? config.api.host;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    log.warn('the API listens beyond this machine: every request still needs an API key', { host });
  }
  const page = options.staticRoot === null ? undefined : explorerFiles(options.staticRoot);
  const fetch: typeof app.fetch = page
    ? async (request, ...rest) => (await page(request)) ?? app.fetch(request, ...rest)
    : app.fetch;
  const server = serve({
    fetch: closeAfterRefusedBody(fetch),
    port: options.port ?? config.api.port,
    hostname: host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('API listening', { url });
  return {
    url,
    port,
    createdKey,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}
