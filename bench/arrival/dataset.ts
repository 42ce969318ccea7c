/**
 * The stored side of the arrival bench: n synthetic clustered 512-d images written straight into the store's
 * images table, indexed by store.optimize() exactly as the nightly run leaves it, and a finished full run whose
 * rows cover every stored image (so arrivals are scored against a curated dataset, as in production). Built
 * once per size and kept in a folder when asked, since the 1M build takes most of the run.
 */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, type Table } from '@lancedb/lancedb';
import { loadConfig, type ResolvedConfig } from '../../shared/config/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { imageRecord } from '../../shared/store/convert.ts';
import {
  type CurationRow,
  type ImageRow,
  imageId,
  openCurationStore,
  openStore,
} from '../../shared/store/index.ts';
import { blankScores } from '../../shared/vocabulary/index.ts';
import { imageRow } from '../../test/store/helpers.ts';
import { syntheticSet } from '../curate/synthetic.ts';

export const DATASET = 'bench';
export const MODEL = 'synthetic-512';
export const DIMENSION = 512;
/** Vectors of the same distribution kept out of the store: the arrivals that are new pictures. */
export const POOL = 2_000;
const WRITE_BATCH = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const storedKey = (i: number) => `img/${i}.jpg`;
export const storedId = (i: number) => imageId(DATASET, storedKey(i));

export interface BuiltDataset {
  n: number;
  config: ResolvedConfig;
  /** POOL x DIMENSION vectors of new pictures. */
  pool: Float32Array;
  buildS: number;
  reused: boolean;
}

export function configFor(root: string): ResolvedConfig {
  return loadConfig({ env: {}, overrides: { dataDir: root } });
}

/** The dataset of n images under `root`, built unless a finished build is there already. */
export async function datasetOf(root: string, n: number): Promise<BuiltDataset> {
  const config = configFor(root);
  const done = join(root, 'built.json');
  const poolFile = join(root, 'pool.f32');
  if (await exists(done)) {
    const bytes = await readFile(poolFile);
    const pool = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const { buildS } = JSON.parse(await readFile(done, 'utf8')) as { buildS: number };
    return { n, config, pool: pool.slice(), buildS, reused: true };
  }
  await mkdir(root, { recursive: true });
  const started = performance.now();
  // No planted copies in the store (duplicateFraction 0): the copies are the arrivals, planted by the bench.
  const set = syntheticSet({ n: n + POOL, dimension: DIMENSION, duplicateFraction: 0, seed: 15 });
  const store = await openStore(config.dbUri, { indexInBackground: false, log: silentLogger });
  const curation = await openCurationStore(config.dbUri);
  const conn = await connect(config.dbUri, { readConsistencyInterval: 0 });
  try {
    const ingestedAt = Date.now() - 2 * DAY_MS;
    let table: Table | undefined;
    for (let from = 0; from < n; from += WRITE_BATCH) {
      const rows: ImageRow[] = [];
      for (let i = from; i < Math.min(n, from + WRITE_BATCH); i++)
        rows.push(
          storedRow(i, set.vectors.slice(i * DIMENSION, (i + 1) * DIMENSION), set.component[i], ingestedAt),
        );
      // The first batch through the store creates the table with its schema and model; the rest are appended
      // straight (an upsert's merge reads every stored id, which would make the build quadratic).
      if (!table) {
        await store.images.upsert(rows);
        table = await conn.openTable('images');
      } else await table.add(rows.map(imageRecord));
    }
    table?.close();
    await fullRun(curation, set.component, n);
    // As the nightly run leaves the tables: compacted, vector index (IVF_HNSW_SQ) and scalar indexes built.
    await store.optimize();
    await curation.optimize();
  } finally {
    conn.close();
    curation.close();
    store.close();
  }
  const pool = set.vectors.slice(n * DIMENSION);
  await writeFile(poolFile, new Uint8Array(pool.buffer));
  const buildS = (performance.now() - started) / 1000;
  await writeFile(done, JSON.stringify({ n, buildS }));
  return { n, config, pool, buildS, reused: false };
}

export function storedRow(i: number, vector: Float32Array, component: number, ingestedAt: number): ImageRow {
  return benchRow(storedKey(i), {
    sha256: `sha-${i}`,
    pixelHash: `px1:${i}`,
    label: `c${component % 20}`,
    vector,
    ingestedAt,
  });
}

/** An image row of the bench's dataset and model (the store tests' row, with this bench's sizes and hashes). */
export function benchRow(key: string, fields: Partial<ImageRow>): ImageRow {
  return imageRow(DATASET, key, { size: 100_000, model: MODEL, ...fields });
}

/** A finished full run a day old with a row per stored image (nothing clustered: the store has no copies). */
async function fullRun(
  curation: Awaited<ReturnType<typeof openCurationStore>>,
  component: Int32Array,
  n: number,
) {
  const startedAt = Date.now() - DAY_MS;
  const runId = `run-bench-full-${startedAt}`;
  await curation.startRun({
    runId,
    dataset: DATASET,
    kind: 'full',
    startedAt,
    model: MODEL,
    previousRunId: null,
    parameters: { images: { duplicateThresholdUsed: 0.96 } },
    counts: {},
    timings: {},
  });
  for (let from = 0; from < n; from += WRITE_BATCH) {
    const rows: CurationRow[] = [];
    for (let i = from; i < Math.min(n, from + WRITE_BATCH); i++) {
      rows.push({
        runId,
        dataset: DATASET,
        kind: 'image',
        id: storedId(i),
        imageId: storedId(i),
        key: storedKey(i),
        label: `c${component[i] % 20}`,
        ...blankScores(),
        nearestSimilarity: 0.9,
        uniqueness: 0.5,
        selected: true,
      });
    }
    await curation.writeRows(rows);
  }
  await curation.finishRun(runId, { status: 'finished', counts: { images: n }, timings: {} });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
