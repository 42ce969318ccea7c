/**
 * Every search route four ways, side by side in one run, at several sizes and at 1 and 32 clients:
 *   node bin/run-ts.mjs bench/api.ts [sizes=1000,20000,100000] [seconds=5] [clients=1,32] [routes=all]
 * (routes: a comma-separated subset of `similar by id,similar by many ids,text search,similar by upload,filtered listing`)
 * 1. bare LanceDB: the calls the store makes (same filters, index tuning and columns), made directly;
 * 2. the store: the calls the API's port makes;
 * 3. the app in-process: `app.request()`, routing, auth, zod, the bounded queue, the port and JSON;
 * 4. HTTP: the Node server in a child process (so autocannon does not share its event loop), with the
 *    bounded queue of `viscura serve` (defaultConcurrency of this machine's cores);
 * 5. HTTP again, through a second server whose store has no row cache (every hit's row read from LanceDB): the
 *    store before its row cache, measured in the same run. The bench repeats one request per route, so 4 is the
 *    warm cache (rows held) and 5 the cold one.
 * Datasets (clustered vectors at the descriptor's 862 dimensions, labels, captions, tags, quality scores, a
 * curation run) are cached under bench/.tmp/api-<n> and indexed by optimize(); a 1M-row one takes about an
 * hour to write and index on 2 cores: build it once with `nice`.
 */
import { availableParallelism } from 'node:os';
import { connect } from '@lancedb/lancedb';
import { defaultConcurrency } from '../shared/api/index.ts';
import { benchApp } from './api/app.ts';
import { cachedDataset } from './api/cache.ts';
import { measureApp, measureHttp, measureLoop, type Stats } from './api/measure.ts';
import { startServer } from './api/process.ts';
import { scenarios } from './api/scenarios.ts';

const sizes = (process.argv[2] ?? '1000,20000,100000').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 5);
const clientCounts = (process.argv[4] ?? '1,32').split(',').map(Number);
const routes = process.argv[5]?.split(',');
const t0 = performance.now();
const phase = (what: string) => console.error(`${((performance.now() - t0) / 1000).toFixed(1)} s: ${what}`);

const rows: string[] = [];
const ms = (stats: Stats) => `${stats.p50.toFixed(1)} / ${stats.p99.toFixed(1)}`;
const rps = (stats: Stats) => `${stats.rps.toFixed(0)}${stats.refused ? ` (${stats.refused} x 503)` : ''}`;

for (const n of sizes) {
  const { dir, store } = await cachedDataset(n);
  const table = await (await connect(dir, { readConsistencyInterval: 0 })).openTable('images');
  const server = await startServer(process.cwd(), dir);
  const uncached = await startServer(process.cwd(), dir, { rowCache: false });
  const local = await benchApp(dir, store, defaultConcurrency(availableParallelism()));
  try {
    const chosen = (await scenarios(store, table, n)).filter((s) => !routes || routes.includes(s.name));
    for (const scenario of chosen) {
      // Correctness first: the API answers 200 with hits where the store has them.
      const { path, method, body, headers } = scenario.request;
      const check = await fetch(`${server.url}${path}`, {
        method,
        body,
        headers: { authorization: `Bearer ${server.key}`, ...headers },
      });
      const answer = (await check.json()) as { items?: unknown[]; hits?: unknown[] };
      if (check.status !== 200 || (answer.items ?? answer.hits ?? []).length === 0)
        throw new Error(`${scenario.name}: ${check.status} ${JSON.stringify(answer).slice(0, 300)}`);
      for (const clients of clientCounts) {
        phase(`${n} rows, ${scenario.name}, ${clients} client(s)`);
        const lance = await measureLoop(() => scenario.lance(), clients, seconds);
        const bare = await measureLoop(() => scenario.store(), clients, seconds);
        const app = await measureApp(local.app, local.key, scenario.request, clients, seconds);
        const http = await measureHttp(server.url, server.key, scenario.request, clients, seconds);
        const cold = await measureHttp(uncached.url, uncached.key, scenario.request, clients, seconds);
        rows.push(
          `| ${n.toLocaleString('en-US')} | ${scenario.name} | ${clients} | ${ms(lance)} | ${rps(lance)} ` +
            `| ${ms(bare)} | ${rps(bare)} | ${ms(app)} | ${rps(app)} | ${ms(http)} | ${rps(http)} | ${ms(cold)} | ${rps(cold)} ` +
            `| ${(bare.p50 / lance.p50).toFixed(2)}x | ${(http.p50 / bare.p50).toFixed(2)}x | ${(http.p99 / http.p50).toFixed(1)} ` +
            `| ${app.loopDelayP99?.toFixed(1)} |`,
        );
      }
    }
  } finally {
    server.stop();
    uncached.stop();
    local.close();
    table.close();
    store.close();
  }
}

console.log(
  `\nper route, ${seconds} s per cell, latencies p50 / p99 in ms, req/s answered (503s refused by the bounded queue)`,
);
console.log(
  '| rows | route | clients | bare LanceDB | req/s | store | req/s | app in-process | req/s | HTTP | req/s | HTTP, no row cache | req/s | store / LanceDB p50 | HTTP / store p50 | HTTP p99 / p50 | event loop p99 delay ms |',
);
console.log('|---:|---|---:|---|---:|---|---:|---|---:|---|---:|---|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
process.exit(0);
