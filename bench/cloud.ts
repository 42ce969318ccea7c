/**
 * The local cloud against the embedded mode, and LanceDB on S3 against a local directory, in one run:
 *   node bin/run-ts.mjs bench/cloud.ts [latencyUploads=20] [burst=100] [rows=5000] [appends=200]
 * Starts the local cloud when it is not running (and stops it afterwards).
 *  1. Upload -> searchable: one image at a time (p50/p95), then a burst (sustained images/s); through radosgw,
 *     its notification, the Lambda stand-in and the real ingest function, next to the folder watcher of
 *     `npm start` on the same images.
 *  2. Query latency on the same synthetic rows written in many small appends, on S3 and in a directory,
 *     before and after compaction.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { connect } from '@lancedb/lancedb';
import pLimit from 'p-limit';
import { s3Client, startLocalCloud } from '../infra/local-cloud/cloud.ts';
import { cloudSettings } from '../infra/local-cloud/settings.ts';
import { loadConfig } from '../shared/config/index.ts';
import { seededRandom } from '../shared/curate/knn/index.ts';
import { watchFolder } from '../shared/ingest/index.ts';
import { silentLogger } from '../shared/log/index.ts';
import { openRuntime, type Runtime } from '../shared/runtime/index.ts';
import { renderScene, SCENE_KINDS } from '../shared/samples/index.ts';
import { type ImageRow, imageId, openStore, type Store, where } from '../shared/store/index.ts';
import { createS3Bucket, lanceStorageOptions } from '../shared/store/s3.ts';

const [latencyUploads, burst, rowCount, appends] = [20, 100, 5000, 200].map((fallback, i) =>
  Number(process.argv[2 + i] ?? fallback),
);
const QUERIES = 40;
const run = Date.now().toString(36);
const t0 = performance.now();
const phase = (what: string) => console.error(`${((performance.now() - t0) / 1000).toFixed(1)} s: ${what}`);

const settings = cloudSettings();
const cloud = await startLocalCloud(settings);
const s3 = s3Client(settings);
const uploaded: string[] = [];
const temp = await mkdtemp(join(tmpdir(), 'viscura-bench-cloud-'));

try {
  phase(`rendering ${latencyUploads + burst} images`);
  const images = await Promise.all(
    Array.from({ length: latencyUploads + burst }, (_, i) =>
      renderScene(5000 + i, SCENE_KINDS[i % SCENE_KINDS.length], 640, 480),
    ),
  );

  // 0 uploads skips this part: `bench/cloud.ts 0 0 <rows> <appends>` measures queries on S3 alone.
  if (latencyUploads + burst > 0) {
    phase('local cloud: upload -> searchable');
    const cloudRuntime = await openRuntime(
      loadConfig({ env: { ...cloud.info.env, VISCURA_LOG_LEVEL: 'silent' } }),
      silentLogger,
    );
    const cloudMode = await measureMode(images, `images/bench-${run}/`, cloudRuntime, async (key, bytes) => {
      await s3.send(new PutObjectCommand({ Bucket: settings.bucket, Key: key, Body: bytes }));
      uploaded.push(key);
    });
    await cloudRuntime.close();

    phase('embedded: drop into the watched folder -> searchable');
    const dataDir = join(temp, 'embedded');
    const embedded = await openRuntime(
      loadConfig({ env: {}, overrides: { dataDir, logLevel: 'silent' } }),
      silentLogger,
    );
    const inbox = join(dataDir, 'inbox');
    await mkdir(join(inbox, 'images'), { recursive: true });
    const watcher = watchFolder(inbox, embedded.ingestContext(await embedded.embedder()));
    await watcher.ready;
    const embeddedMode = await measureMode(images, `images/bench-${run}/`, embedded, async (key, bytes) => {
      await mkdir(join(inbox, ...key.split('/').slice(0, -1)), { recursive: true });
      await writeFile(join(inbox, ...key.split('/')), bytes);
    });
    await watcher.close();
    await embedded.close();

    console.log(
      `\nUpload -> searchable (${latencyUploads} single uploads, then a burst of ${burst}), 640x480 PNG, descriptor model\n`,
    );
    console.log(
      '| measure | local cloud (radosgw + Lambda stand-in) | embedded (folder watcher) | cloud / embedded |',
    );
    console.log('|---|---:|---:|---:|');
    const row = (what: string, a: number, b: number, digits = 0) =>
      console.log(`| ${what} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(a / b).toFixed(2)} |`);
    row('latency p50 (ms)', cloudMode.p50, embeddedMode.p50);
    row('latency p95 (ms)', cloudMode.p95, embeddedMode.p95);
    row('sustained images/s', cloudMode.perSecond, embeddedMode.perSecond, 1);
  }

  phase(`query latency: ${rowCount} rows in ${appends} appends, on S3 and in a directory`);
  const s3Uri = `s3://${settings.bucket}/bench-${run}/db`;
  const storageOptions = lanceStorageOptions(loadConfig({ env: cloud.info.env }).s3);
  const localUri = join(temp, 'query-db');
  // Indexes only from optimize(): "before" measures the fragments alone, "after" the compacted, indexed table.
  const stores = {
    s3: await openStore(s3Uri, { storageOptions, indexInBackground: false }),
    local: await openStore(localUri, { indexInBackground: false }),
  };
  const random = seededRandom(7);
  const rows = syntheticRows(rowCount, 512, random);
  const per = Math.ceil(rowCount / appends);
  for (const store of Object.values(stores)) {
    for (let i = 0; i < rowCount; i += per) await store.images.upsert(rows.slice(i, i + per));
  }
  const queries = Array.from({ length: QUERIES }, (_, i) => rows[(i * 97) % rows.length].vector);
  const before = {
    s3: await queryLatencies(stores.s3, queries),
    local: await queryLatencies(stores.local, queries),
  };
  const fragments = {
    s3: await fragmentCount(s3Uri, storageOptions),
    local: await fragmentCount(localUri),
  };
  const optimizeMs = {
    s3: await timed(() => stores.s3.optimize({ keepVersionsMs: 0 })),
    local: await timed(() => stores.local.optimize({ keepVersionsMs: 0 })),
  };
  const after = {
    s3: await queryLatencies(stores.s3, queries),
    local: await queryLatencies(stores.local, queries),
  };
  const compacted = {
    s3: await fragmentCount(s3Uri, storageOptions),
    local: await fragmentCount(localUri),
  };

  console.log(
    `\nQuery latency, ${rowCount} rows x 512-d written in ${appends} appends, ${QUERIES} queries each\n`,
  );
  console.log('| query | S3 p50 (ms) | S3 p95 | local p50 (ms) | local p95 | S3 / local (p50) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [label, s3Figures, localFigures] of [
    [`vector k=10, ${fragments.s3} / ${fragments.local} fragments`, before.s3.vector, before.local.vector],
    [
      `filtered list, ${fragments.s3} / ${fragments.local} fragments`,
      before.s3.filtered,
      before.local.filtered,
    ],
    [
      `vector k=10, compacted and indexed (${compacted.s3} / ${compacted.local})`,
      after.s3.vector,
      after.local.vector,
    ],
    [
      `filtered list, compacted (${compacted.s3} / ${compacted.local})`,
      after.s3.filtered,
      after.local.filtered,
    ],
  ] as const) {
    console.log(
      `| ${label} | ${s3Figures.p50.toFixed(1)} | ${s3Figures.p95.toFixed(1)} | ${localFigures.p50.toFixed(1)} | ${localFigures.p95.toFixed(1)} | ${(s3Figures.p50 / localFigures.p50).toFixed(1)} |`,
    );
  }
  console.log(
    `\ncompaction: S3 ${fragments.s3} -> ${compacted.s3} fragments in ${(optimizeMs.s3 / 1000).toFixed(1)} s; local ${fragments.local} -> ${compacted.local} in ${(optimizeMs.local / 1000).toFixed(1)} s`,
  );
  for (const store of Object.values(stores)) store.close();
  await deletePrefix(`bench-${run}/`);
} finally {
  if (uploaded.length > 0) await deleteKeys(uploaded);
  s3.destroy();
  await rm(temp, { recursive: true, force: true });
  await cloud.stop();
  phase('done');
}

/** Single uploads one after another, then a burst: how soon each becomes a row. */
async function measureMode(
  images: Buffer[],
  prefix: string,
  runtime: Runtime,
  upload: (key: string, bytes: Buffer) => Promise<void>,
) {
  const { store } = runtime;
  const dataset = runtime.config.dataset;
  const latencies: number[] = [];
  for (let i = 0; i < latencyUploads; i++) {
    const key = `${prefix}single/${i}.png`;
    const started = performance.now();
    await upload(key, images[i]);
    await until(async () => (await store.images.getByKey(dataset, key)) !== undefined);
    latencies.push(performance.now() - started);
  }
  const limit = pLimit(16);
  const started = performance.now();
  await Promise.all(
    images.slice(latencyUploads).map((bytes, i) => limit(() => upload(`${prefix}burst/${i}.png`, bytes))),
  );
  const filter = where.prefix('key', `${prefix}burst/`);
  await until(async () => (await store.images.count(dataset, filter)) >= images.length - latencyUploads);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p95: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))],
    perSecond: (images.length - latencyUploads) / seconds,
  };
}

async function until(done: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error('timed out waiting for the rows');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function queryLatencies(store: Store, queries: Float32Array[]) {
  const vector: number[] = [];
  const filtered: number[] = [];
  for (const [i, query] of queries.entries()) {
    vector.push(await timed(() => store.images.vectorSearch('bench', query, { limit: 10 })));
    filtered.push(
      await timed(() =>
        store.images.list('bench', { where: where.eq('label', `label-${i % 10}`), limit: 20 }),
      ),
    );
  }
  return { vector: percentiles(vector), filtered: percentiles(filtered) };
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length * 0.5)], p95: sorted[Math.floor(sorted.length * 0.95)] };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function fragmentCount(uri: string, storageOptions?: Record<string, string>): Promise<number> {
  const conn = await connect(uri, { storageOptions });
  try {
    return (await (await conn.openTable('images')).stats()).fragmentStats.numFragments;
  } finally {
    conn.close();
  }
}

function syntheticRows(count: number, dimension: number, random: () => number): ImageRow[] {
  return Array.from({ length: count }, (_, i) => {
    const vector = Float32Array.from({ length: dimension }, () => random() - 0.5);
    const norm = Math.hypot(...vector);
    for (let d = 0; d < dimension; d++) vector[d] /= norm;
    const key = `folder${i % 50}/img_${i}.jpg`;
    return {
      id: imageId('bench', key),
      dataset: 'bench',
      key,
      sha256: `sha-${i}`,
      pixelHash: `px-${i}`,
      size: 100_000,
      width: 640,
      height: 480,
      format: 'jpeg',
      label: `label-${i % 10}`,
      caption: null,
      tags: [],
      thumbnailKey: `thumbnails/bench/${i}.webp`,
      vector,
      model: 'bench-model',
      ingestedAt: 1_700_000_000_000 + i,
      blur: 0,
      dark: 0,
      bright: 0,
      lowInformation: 0,
      oddSize: 0,
      oddAspectRatio: 0,
      grayscale: 0,
    };
  });
}

/** One DeleteObject per key: radosgw 16 aborts on DeleteObjects in a bucket with notifications. */
async function deleteKeys(keys: string[]): Promise<void> {
  const limit = pLimit(16);
  await Promise.all(
    keys.map((Key) => limit(() => s3.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key })))),
  );
}

async function deletePrefix(prefix: string): Promise<void> {
  const bucket = createS3Bucket(s3, { bucket: settings.bucket, prefix: '' });
  const keys: string[] = [];
  for await (const entry of bucket.list(prefix)) keys.push(entry.key);
  await deleteKeys(keys);
}
