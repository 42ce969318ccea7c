/**
 * Two checkouts of the project serving the same dataset, measured in alternating rounds of one run, so that a
 * shared machine's load falls on both alike: req/s, p50 / p99 and the server's CPU ms per request (all threads
 * and the main one), per round, their medians and spread, and the ratio of each round's pair.
 *   node bin/run-ts.mjs bench/api-ab.ts <other checkout> [rows=20000] [route="similar by id"] [seconds=5]
 *     [clients=1,32] [rounds=5]
 * "this" is the checkout the command runs in, "other" e.g. a `git worktree add --detach` of an older commit
 * (with its node_modules). Each server gets its own copy of bench/.tmp/api-<rows> (bench/api.ts writes it), so
 * neither can see what the other writes. A round measures both, in the order A B then B A on the next round.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { openStore } from '../shared/store/index.ts';
import { measureHttp, type Stats } from './api/measure.ts';
import { processCpu, startServer } from './api/process.ts';
import { scenarios } from './api/scenarios.ts';

const other = process.argv[2];
if (!other)
  throw new Error('usage: bench/api-ab.ts <other checkout> [rows] [route] [seconds] [clients] [rounds]');
const rows = Number(process.argv[3] ?? 20000);
const route = process.argv[4] ?? 'similar by id';
const seconds = Number(process.argv[5] ?? 5);
const clientCounts = (process.argv[6] ?? '1,32').split(',').map(Number);
const rounds = Number(process.argv[7] ?? 5);

const dir = `bench/.tmp/api-${rows}`;
if (!existsSync(dir)) throw new Error(`${dir} is missing: run bench/api.ts ${rows} first`);
const copies = { this: resolve(`bench/.tmp/ab-this-${rows}`), other: resolve(`bench/.tmp/ab-other-${rows}`) };
for (const copy of Object.values(copies)) {
  rmSync(copy, { recursive: true, force: true });
  cpSync(dir, copy, { recursive: true });
}

const servers = {
  this: await startServer(process.cwd(), copies.this),
  other: await startServer(resolve(other), copies.other),
};
const store = await openStore(dir, { readOnly: true, indexInBackground: false });
const table = await (await connect(dir)).openTable('images');
const found = (await scenarios(store, table, rows)).find((s) => s.name === route);
if (!found) throw new Error(`no route "${route}"`);
const request = found.request;

interface Round {
  stats: Stats;
  cpuAll: number;
  cpuMain: number;
}
type Side = keyof typeof servers;
const results = new Map<string, Round[]>();

async function measure(side: Side, clients: number): Promise<Round> {
  const server = servers[side];
  const before = processCpu(server.pid);
  const stats = await measureHttp(server.url, server.key, request, clients, seconds);
  const after = processCpu(server.pid);
  const requests = stats.rps * seconds;
  return {
    stats,
    cpuAll: (after.all - before.all) / requests,
    cpuMain: (after.main - before.main) / requests,
  };
}

for (const side of ['this', 'other'] as const)
  await measureHttp(servers[side].url, servers[side].key, request, 32, 2); // warm-up
for (let round = 0; round < rounds; round++) {
  const order: Side[] = round % 2 === 0 ? ['other', 'this'] : ['this', 'other'];
  for (const clients of clientCounts)
    for (const side of order) {
      const result = await measure(side, clients);
      const key = `${side}\0${clients}`;
      results.set(key, [...(results.get(key) ?? []), result]);
      console.error(
        `round ${round + 1}, ${clients} client(s), ${side}: ${result.stats.rps.toFixed(0)} req/s, ` +
          `p50 ${result.stats.p50} ms, ${result.cpuAll.toFixed(2)} CPU ms / request`,
      );
    }
}
await Promise.all(Object.values(servers).map((server) => server.stop()));
table.close();
store.close();

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values: number[], digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})`;

console.log(
  `\n${rows.toLocaleString('en-US')} rows, ${route}, ${rounds} alternating rounds of ${seconds} s, HTTP; ` +
    `this = ${process.cwd()}, other = ${resolve(other)}; median (min-max) over rounds`,
);
console.log(
  '| clients | checkout | req/s | p50 ms | p99 ms | CPU ms / request, all threads | main thread | this / other, median of rounds: req/s, CPU |',
);
console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
for (const clients of clientCounts) {
  const mine = results.get(`this\0${clients}`) ?? [];
  const theirs = results.get(`other\0${clients}`) ?? [];
  const ratio = median(mine.map((r, i) => r.stats.rps / theirs[i].stats.rps));
  const cpuRatio = median(mine.map((r, i) => r.cpuAll / theirs[i].cpuAll));
  for (const [side, list] of [
    ['other', theirs],
    ['this', mine],
  ] as const)
    console.log(
      `| ${clients} | ${side} | ${spread(list.map((r) => r.stats.rps))} | ${spread(
        list.map((r) => r.stats.p50),
        1,
      )} ` +
        `| ${spread(
          list.map((r) => r.stats.p99),
          1,
        )} | ${spread(
          list.map((r) => r.cpuAll),
          2,
        )} ` +
        `| ${spread(
          list.map((r) => r.cpuMain),
          2,
        )} | ${side === 'this' ? `${ratio.toFixed(2)}x, ${cpuRatio.toFixed(2)}x` : ''} |`,
    );
}
process.exit(0);
