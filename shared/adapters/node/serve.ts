import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { serve } from '@hono/node-server';
import { createApi } from '../../api/app.ts';
import { createLanceQueryPort } from '../../api/lance/index.ts';
import { type ConcurrencyLimits, defaultConcurrency } from '../../api/limiter.ts';
import type { ApiLimits } from '../../api/route.ts';
import { keyStoreFor } from '../../keys/file.ts';
import { type KeyStore, keyAuth } from '../../keys/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import { lanceQueryDeps } from '../../runtime/query-deps.ts';
import { explorerFiles } from './explorer.ts';
import { closeAfterRefusedBody } from './refused-body.ts';

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
  const keys = options.keys ?? keyStoreFor(config.dataDir);
  let createdKey: string | undefined;
  if (options.ensureKey !== false && !(await keys.list()).some((key) => key.revokedAt === null)) {
    createdKey = (await keys.create({ datasets: null, name: 'embedded' })).key;
  }
  const deps = await lanceQueryDeps(runtime, options.limits);
  const query = createLanceQueryPort(deps);
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
      version: deps.version,
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
