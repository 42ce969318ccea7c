/**
 * The API server of bench/api.ts, in its own process so the load generator does not share its event loop:
 *   node bin/run-ts.mjs bench/api/server.ts <store dir> [no-row-cache]
 * Serves with the bounded queue `viscura serve` uses; `no-row-cache` reads every hit's row from LanceDB (the
 * store as it was before its row cache). Prints one JSON line {url, key} when listening.
 */
import { availableParallelism } from 'node:os';
import { serve } from '@hono/node-server';
import { defaultConcurrency } from '../../shared/api/index.ts';
import { openStore } from '../../shared/store/index.ts';
import { benchApp } from './app.ts';

const dir = process.argv[2];
const rowCache = process.argv[3] === 'no-row-cache' ? { rows: 0, vectorBytes: 0 } : undefined;
const store = await openStore(dir, { indexInBackground: false, rowCache });
const { app, key, close } = await benchApp(dir, store, defaultConcurrency(availableParallelism()));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, key })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  close();
  store.close();
  process.exit(0);
});
