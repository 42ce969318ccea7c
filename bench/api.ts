/**
 * The query API (Node server, HTTP, JSON) against the bare store calls it makes, side by side in one run:
 *   node bin/run-ts.mjs bench/api.ts [n=100000] [seconds=5] [keep-dir]
 * A synthetic dataset of n images (clustered vectors at the descriptor's size, labels, captions, tags, quality
 * scores, a curation run) is written straight into a store; the server runs in a child process and autocannon
 * drives it; the bare side runs the same searches in this process at the same concurrency, and so does the app
 * itself without the network (`app.request`), which splits the overhead into the app's and HTTP's. With a
 * keep-dir the dataset is written there once and reused by later runs.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import sharp from 'sharp';
import type { ApiApp } from '../shared/api/index.ts';
import { decodeImage } from '../shared/media/index.ts';
import { openCurationStore, openStore, type Store, where } from '../shared/store/index.ts';
import { benchApp } from './api/app.ts';
import { benchEmbedder, DATASET, writeDataset } from './api/data.ts';

const n = Number(process.argv[2] ?? 100_000);
const seconds = Number(process.argv[3] ?? 5);
const keep = process.argv[4];
const LIMIT = 20;
const t0 = performance.now();
const phase = (what: string) => console.error(`${((performance.now() - t0) / 1000).toFixed(1)} s: ${what}`);

interface Stats {
  p50: number;
  p99: number;
  rps: number;
}

interface Scenario {
  name: string;
  request: { path: string; method: 'GET' | 'POST'; body?: Buffer | string; headers?: Record<string, string> };
  bare(): Promise<unknown>;
}

/** `connections` loops calling `fn` back to back for `seconds`, as many clients would. */
async function measureBare(fn: () => Promise<unknown>, connections: number): Promise<Stats> {
  const times: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        await fn();
        times.push(performance.now() - start);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: at(0.5), p99: at(0.99), rps: times.length / seconds };
}

/** The app without the network: routing, auth, validation, the port and JSON, as `app.request` runs them. */
function measureApp(app: ApiApp, key: string, scenario: Scenario, connections: number): Promise<Stats> {
  const { path, method, body, headers } = scenario.request;
  return measureBare(async () => {
    const response = await app.request(path, {
      method,
      body,
      headers: { authorization: `Bearer ${key}`, ...headers },
    });
    if (response.status !== 200) throw new Error(`${scenario.name}: ${response.status}`);
    await response.arrayBuffer();
  }, connections);
}

async function measureApi(url: string, key: string, scenario: Scenario, connections: number): Promise<Stats> {
  const result = await autocannon({
    url: `${url}${scenario.request.path}`,
    method: scenario.request.method,
    body: scenario.request.body,
    headers: { authorization: `Bearer ${key}`, ...scenario.request.headers },
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average };
}

async function startServer(dir: string): Promise<{ url: string; key: string; stop(): void }> {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/api/server.ts', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as { url: string; key: string }), stop: () => child.kill('SIGTERM') };
}

async function scenarios(store: Store): Promise<Scenario[]> {
  const embedder = benchEmbedder();
  const [probe] = await store.images.list(DATASET, { limit: 1, offset: Math.floor(n / 3) });
  const upload = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#4a7' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="320" height="240"><circle cx="160" cy="120" r="80" fill="#c33"/></svg>',
        ),
      },
    ])
    .jpeg()
    .toBuffer();
  const form = new FormData();
  form.set('image', new Blob([upload]), 'query.jpg');
  form.set('limit', String(LIMIT));
  const multipart = new Response(form);
  const uploadBody = Buffer.from(await multipart.arrayBuffer());
  const json = (body: unknown) => ({
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const text = 'cat near the river';
  const base = `/v1/datasets/${DATASET}`;
  return [
    {
      name: 'text search',
      request: { path: `${base}/search/text`, method: 'POST', ...json({ query: text, limit: LIMIT }) },
      async bare() {
        const [vector] = await embedder.embedTexts([text]);
        await Promise.all([
          store.images.vectorSearch(DATASET, vector, { limit: LIMIT }),
          store.images.textSearch(DATASET, text, { limit: LIMIT }),
        ]);
      },
    },
    {
      name: 'similar by id',
      request: {
        path: `${base}/search/similar`,
        method: 'POST',
        ...json({ imageId: probe.id, limit: LIMIT }),
      },
      async bare() {
        const image = await store.images.get(DATASET, probe.id);
        await store.images.vectorSearch(DATASET, image?.vector as Float32Array, {
          limit: LIMIT,
          exclude: [probe.id],
        });
      },
    },
    {
      name: 'similar by upload',
      request: {
        path: `${base}/search/similar`,
        method: 'POST',
        body: uploadBody,
        headers: { 'content-type': multipart.headers.get('content-type') as string },
      },
      async bare() {
        const decoded = await decodeImage(upload, { maxBytes: 20 * 1024 * 1024, maxPixels: 40_000_000 });
        const [vector] = await embedder.embedImages([decoded.raster]);
        await store.images.vectorSearch(DATASET, vector, { limit: LIMIT });
      },
    },
    {
      name: 'filtered listing',
      request: { path: `${base}/images?label=cat&issue=blur&threshold=0.8&limit=50`, method: 'GET' },
      bare: () =>
        store.images.list(DATASET, {
          where: where.and(where.in('label', ['cat']), where.range('blur', { gte: 0.8 })),
          limit: 50,
          orderBy: { column: 'blur', ascending: false },
        }),
    },
  ];
}

const dir = keep ?? (await mkdtemp(join(tmpdir(), 'viscura-bench-api-')));
try {
  await mkdir(dir, { recursive: true });
  let store = await openStore(dir);
  const fits = (await store.model())?.dimension === benchEmbedder().dimension;
  if (!fits || (await store.images.count(DATASET)) !== n) {
    // A kept store of another size or embedder is written afresh.
    store.close();
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    store = await openStore(dir);
    phase(`writing ${n} images and a curation run`);
    const curation = await openCurationStore(dir);
    await writeDataset(store, curation, n);
    curation.close();
    phase('optimize: compaction, full-text and vector indexes');
    await store.optimize();
  }
  await store.images.textSearch(DATASET, 'cat', { limit: 1 });
  const server = await startServer(dir);
  const local = await benchApp(dir, store);
  const rows: string[] = [];
  const ms = (stats: Stats) => `${stats.p50.toFixed(1)} / ${stats.p99.toFixed(1)}`;
  try {
    for (const scenario of await scenarios(store)) {
      // Correctness first: the API answers 200 with hits where the store has them.
      const check = await fetch(`${server.url}${scenario.request.path}`, {
        method: scenario.request.method,
        body: scenario.request.body,
        headers: { authorization: `Bearer ${server.key}`, ...scenario.request.headers },
      });
      const body = (await check.json()) as { items?: unknown[]; hits?: unknown[] };
      if (check.status !== 200 || (body.items ?? body.hits ?? []).length === 0) {
        throw new Error(`${scenario.name}: ${check.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
      await scenario.bare();
      for (const connections of [1, 32]) {
        phase(`${scenario.name}, ${connections} connection(s)`);
        const bare = await measureBare(() => scenario.bare(), connections);
        const app = await measureApp(local.app, local.key, scenario, connections);
        const api = await measureApi(server.url, server.key, scenario, connections);
        rows.push(
          `| ${scenario.name} | ${connections} | ${ms(bare)} | ${bare.rps.toFixed(0)} | ${ms(app)} | ${app.rps.toFixed(0)} ` +
            `| ${ms(api)} | ${api.rps.toFixed(0)} | ${(app.p50 / bare.p50).toFixed(2)}x | ${(api.p50 / bare.p50).toFixed(2)}x ` +
            `| ${(api.p99 / api.p50).toFixed(1)} |`,
        );
      }
    }
  } finally {
    server.stop();
    local.close();
    store.close();
  }
  console.log(`\nAPI vs bare store, ${n} images, ${seconds} s per measurement (latencies p50 / p99 in ms)`);
  console.log(
    '| search | clients | bare | bare req/s | app in-process | app req/s | HTTP server | HTTP req/s | app / bare p50 | HTTP / bare p50 | HTTP p99 / p50 |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  if (!keep) await rm(dir, { recursive: true, force: true });
}
