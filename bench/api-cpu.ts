/**
 * Where the server's CPU goes per request under load, per thread (the main JavaScript thread, LanceDB's tokio
 * workers, ...), with the row cache and without it, side by side in one run:
 *   node bin/run-ts.mjs bench/api-cpu.ts [rows=1000] [route="similar by id"] [seconds=5] [clients=32] [profile]
 * Reads each server thread's CPU time from /proc (Linux) before and after the window. With `profile`, the
 * servers also write V8 CPU profiles (node --cpu-prof) under bench/.tmp/cpu-prof, to open in Chrome DevTools.
 * Reads the bench datasets bench/api.ts writes (bench/.tmp/api-<rows>): run that first for a new size.
 */
import { connect } from '@lancedb/lancedb';
import { openStore } from '../shared/store/index.ts';
import { measureHttp } from './api/measure.ts';
import { startServer, threadCpu } from './api/process.ts';
import { scenarios } from './api/scenarios.ts';

const rows = Number(process.argv[2] ?? 1000);
const route = process.argv[3] ?? 'similar by id';
const seconds = Number(process.argv[4] ?? 5);
const clients = Number(process.argv[5] ?? 32);
const profile = process.argv[6] === 'profile';

async function measure(dir: string, rowCache: boolean) {
  const server = await startServer(process.cwd(), dir, { rowCache, profile });
  const store = await openStore(dir, { readOnly: true, indexInBackground: false });
  const table = await (await connect(dir)).openTable('images');
  const scenario = (await scenarios(store, table, rows)).find((s) => s.name === route);
  if (!scenario) throw new Error(`no route "${route}"`);
  await measureHttp(server.url, server.key, scenario.request, clients, 1); // warm-up
  const before = threadCpu(server.pid);
  const stats = await measureHttp(server.url, server.key, scenario.request, clients, seconds);
  const after = threadCpu(server.pid);
  await server.stop();
  table.close();
  store.close();
  const requests = stats.rps * seconds;
  const perThread = new Map(
    [...after].map(([name, ms]) => [name, (ms - (before.get(name) ?? 0)) / requests]),
  );
  return { stats, perThread };
}

const dir = `bench/.tmp/api-${rows}`;
const cached = await measure(dir, true);
const uncached = await measure(dir, false);
console.log(`\n${rows.toLocaleString('en-US')} rows, ${route}, ${clients} client(s), ${seconds} s, HTTP`);
console.log('| thread | CPU ms / request, no row cache | with row cache |');
console.log('|---|---:|---:|');
const names = new Set([...uncached.perThread.keys(), ...cached.perThread.keys()]);
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
for (const name of names) {
  const a = uncached.perThread.get(name) ?? 0;
  const b = cached.perThread.get(name) ?? 0;
  if (a >= 0.05 || b >= 0.05) console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} |`);
}
console.log(
  `| all threads | ${total(uncached.perThread).toFixed(2)} | ${total(cached.perThread).toFixed(2)} |`,
);
const show = (s: typeof cached.stats) => `${s.p50} / ${s.p99} ms, ${s.rps.toFixed(0)} req/s`;
console.log(`| p50 / p99, req/s | ${show(uncached.stats)} | ${show(cached.stats)} |`);
process.exit(0);
