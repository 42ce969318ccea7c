/**
 * The audit's load run: 32 clients for 20 s on each of text search, similar-by-id and upload search (a real
 * photo as JPEG and as HEIC, and the crafted 2 x 19,999,999 PNG that once took 15 GB), against the API server
 * in its own process. Prints per scenario the requests, the errors (wrong status or socket errors), p50/p99
 * and the server's RSS before and after, so memory growth shows in one run:
 *   node bin/run-ts.mjs bench/load.ts [n=20000] [seconds=20] [clients=32]
 * The photo comes from bench/photos/corpus.ts (infra/bench-packages.sh installs it); the HEIC row needs
 * heif-enc (apt-get install libheif-examples) and is left out, with that hint, when it is missing.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { openCurationStore, openStore } from '../shared/store/index.ts';
import { heic, pngBomb } from '../test/helpers/images.ts';
import { DATASET, writeDataset } from './api/data.ts';
import { installHint, loadCorpus } from './photos/corpus.ts';

const n = Number(process.argv[2] ?? 20_000);
const seconds = Number(process.argv[3] ?? 20);
const connections = Number(process.argv[4] ?? 32);
const base = `/v1/datasets/${DATASET}`;
const t0 = performance.now();
const phase = (what: string) => console.error(`${((performance.now() - t0) / 1000).toFixed(1)} s: ${what}`);

interface Scenario {
  name: string;
  path: string;
  body: Buffer | string;
  contentType: string;
  /** The status every answer must have; anything else counts as an error. */
  status: number;
}

/** The server process's resident and peak resident memory, MiB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

async function startServer(dir: string) {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/api/server.ts', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  return { url, key, pid: child.pid as number, stop: () => child.kill('SIGTERM') };
}

async function multipart(bytes: Uint8Array, name: string): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  form.set('image', new Blob([bytes]), name);
  form.set('limit', '20');
  const response = new Response(form);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') as string,
  };
}

async function scenarios(probeId: string): Promise<Scenario[]> {
  const { photos, missingPackages } = loadCorpus('photo');
  if (photos.length === 0) throw new Error(installHint(missingPackages));
  // A phone-sized upload: the first corpus photo at 1600 px on its long side.
  const photo = await sharp(photos[0].path)
    .resize(1600, 1600, { fit: 'inside' })
    .jpeg({ quality: 85 })
    .toBuffer();
  const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });
  const list: Scenario[] = [
    {
      name: 'text search',
      path: `${base}/search/text`,
      ...json({ query: 'cat near the river' }),
      status: 200,
    },
    { name: 'similar by id', path: `${base}/search/similar`, ...json({ imageId: probeId }), status: 200 },
    {
      name: `upload JPEG (${(photo.byteLength / 1024).toFixed(0)} KiB)`,
      path: `${base}/search/similar`,
      ...(await multipart(photo, 'photo.jpg')),
      status: 200,
    },
  ];
  try {
    const png = await sharp(photo).png().toBuffer();
    const phone = await heic(png);
    list.push({
      name: `upload HEIC (${(phone.byteLength / 1024).toFixed(0)} KiB)`,
      path: `${base}/search/similar`,
      ...(await multipart(phone, 'IMG_0001.HEIC')),
      status: 200,
    });
  } catch (error) {
    console.error(`HEIC row left out: ${(error as Error).message}`);
  }
  const strip = await pngBomb(2, 19_999_999);
  list.push({
    name: `upload 2 x 19,999,999 PNG (${(strip.byteLength / 1024).toFixed(0)} KiB)`,
    path: `${base}/search/similar`,
    ...(await multipart(strip, 'strip.png')),
    status: 413,
  });
  return list;
}

async function load(url: string, key: string, scenario: Scenario) {
  const result = await autocannon({
    url: `${url}${scenario.path}`,
    method: 'POST',
    body: scenario.body,
    headers: { authorization: `Bearer ${key}`, 'content-type': scenario.contentType },
    connections,
    duration: seconds,
    // Slow answers are measured, not dropped: on a busy machine a 10 s default would turn latency into errors.
    timeout: 60,
  });
  const statuses = result.statusCodeStats as unknown as Record<string, { count: number }>;
  const expected = statuses[String(scenario.status)]?.count ?? 0;
  const answered = Object.values(statuses).reduce((sum, s) => sum + s.count, 0);
  return {
    requests: answered,
    errors: answered - expected + result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-load-'));
try {
  await mkdir(dir, { recursive: true });
  const store = await openStore(dir);
  phase(`writing ${n} images and a curation run`);
  const curation = await openCurationStore(dir);
  await writeDataset(store, curation, n);
  curation.close();
  await store.optimize();
  const [probe] = await store.images.list(DATASET, { limit: 1, offset: Math.floor(n / 3) });
  store.close();
  const list = await scenarios(probe.id);
  const server = await startServer(dir);
  const rows: string[] = [];
  const started = memoryOf(server.pid);
  try {
    for (const scenario of list) {
      phase(`${scenario.name}: ${connections} clients, ${seconds} s`);
      const before = memoryOf(server.pid);
      const stats = await load(server.url, server.key, scenario);
      const after = memoryOf(server.pid);
      rows.push(
        `| ${scenario.name} | ${scenario.status} | ${stats.requests} | ${stats.errors} | ${stats.p50.toFixed(0)} | ` +
          `${stats.p99.toFixed(0)} | ${stats.rps.toFixed(0)} | ${before.rss.toFixed(0)} -> ${after.rss.toFixed(0)} | ` +
          `${after.peak.toFixed(0)} |`,
      );
    }
  } finally {
    server.stop();
  }
  console.log(
    `\nLoad run: ${n} images, ${connections} clients, ${seconds} s per scenario; server RSS at start ` +
      `${started.rss.toFixed(0)} MiB; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
  );
  console.log(
    '| scenario | expected status | answers | errors | p50 ms | p99 ms | req/s | server RSS MiB before -> after | server peak RSS MiB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  await rm(dir, { recursive: true, force: true });
}
