/**
 * Vector and full-text search in the store, flat against indexed, side by side in one run:
 *   node bin/run-ts.mjs bench/store-search.ts [sizes=10000,100000] [dimension=512]
 * Recall@10 of every indexed variant is measured against the exact (flat, bypassVectorIndex) answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, Index, type Table } from '@lancedb/lancedb';
import { type ImageRow, imageId, openStore, type Store } from '../shared/store/index.ts';
import { SEARCH_TUNING } from '../shared/store/vectors.ts';
import { seededRandom, syntheticSet } from './curate/synthetic.ts';

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const dimension = Number(process.argv[3] ?? 512);
const QUERIES = 60;
const K = 10;
const WORDS = [
  'cat',
  'dog',
  'car',
  'tree',
  'boat',
  'plane',
  'house',
  'bird',
  'horse',
  'truck',
  'river',
  'snow',
];

interface Line {
  n: number;
  what: string;
  buildS?: number;
  p50?: number;
  p95?: number;
  recall?: number;
  note?: string;
}
const lines: Line[] = [];

function rowsOf(vectors: Float32Array, offset: number, count: number, random: () => number): ImageRow[] {
  const rows: ImageRow[] = [];
  for (let i = offset; i < offset + count; i++) {
    const key = `folder${i % 97}/img_${i}.jpg`;
    const word = WORDS[Math.floor(random() * WORDS.length)];
    rows.push({
      id: imageId('bench', key),
      dataset: 'bench',
      key,
      sha256: `sha-${i}`,
      pixelHash: `px-${i}`,
      size: 100_000,
      width: 1024,
      height: 768,
      format: 'jpeg',
      label: word,
      caption: `a ${word} near the ${WORDS[(i * 7) % WORDS.length]} number ${i}`,
      tags: [WORDS[(i * 3) % WORDS.length]],
      thumbnailKey: `thumbnails/bench/${i}.webp`,
      vector: vectors.slice(i * dimension, (i + 1) * dimension),
      model: 'bench-model',
      ingestedAt: Date.now(),
      blur: random(),
      dark: random(),
      bright: random(),
      lowInformation: random(),
      oddSize: 0,
      oddAspectRatio: 0,
      grayscale: 0,
    });
  }
  return rows;
}

const t0 = performance.now();
const phase = (what: string) => console.error(`${((performance.now() - t0) / 1000).toFixed(1)} s: ${what}`);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function latencies<T>(
  queries: T[],
  run: (query: T) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  await run(queries[0]); // warm caches once, as a running server would be
  const times: number[] = [];
  for (const query of queries) times.push((await timed(() => run(query)))[1]);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

type Tune = (q: ReturnType<Table['vectorSearch']>) => unknown;

async function ids(table: Table, query: Float32Array, tune: Tune) {
  let search = table
    .vectorSearch(query)
    .distanceType('cosine')
    .where("dataset = 'bench'")
    .select(['id', '_distance'])
    .limit(K);
  search = (tune(search) as typeof search) ?? search;
  return (await search.toArray()).map((row) => row.id as string);
}

function recall(truth: string[][], got: string[][]): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) hit += got[i].filter((id) => truth[i].includes(id)).length;
  return hit / (truth.length * K);
}

async function benchSize(n: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-store-'));
  const store: Store = await openStore(dir);
  try {
    const set = syntheticSet({ n, dimension, seed: 7 });
    const random = seededRandom(11);
    const [, writeMs] = await timed(async () => {
      for (let offset = 0; offset < n; offset += 5_000) {
        await store.images.upsert(rowsOf(set.vectors, offset, Math.min(5_000, n - offset), random));
      }
    });
    console.error(`${n}: written in ${(writeMs / 1000).toFixed(1)} s`);
    lines.push({
      n,
      what: 'write (upsert, 5k rows/commit)',
      buildS: writeMs / 1000,
      note: `${Math.round(n / (writeMs / 1000))} rows/s`,
    });

    // Queries: stored vectors nudged a little, as a re-encoded copy of a stored image would be.
    const queries = Array.from({ length: QUERIES }, () => {
      const i = Math.floor(random() * n);
      const v = set.vectors.slice(i * dimension, (i + 1) * dimension);
      for (let d = 0; d < dimension; d++) v[d] += (random() - 0.5) * 0.02;
      return v;
    });
    const table = await (await connect(dir, { readConsistencyInterval: 0 })).openTable('images');
    const truth = await Promise.all(queries.map((q) => ids(table, q, (s) => s.bypassVectorIndex())));

    phase('flat vector search');
    const raw = await latencies(queries, (q) => ids(table, q, (s) => s.bypassVectorIndex()));
    lines.push({ n, what: 'vector: flat, raw LanceDB (ids only)', ...raw, recall: 1 });
    const flat = await latencies(queries, (q) => store.images.vectorSearch('bench', q, { limit: K }));
    lines.push({ n, what: 'vector: flat (store.vectorSearch)', ...flat, recall: 1 });
    const filtered = await latencies(queries, (q) =>
      store.images.vectorSearch('bench', q, { limit: K, where: { op: 'eq', column: 'label', value: 'cat' } }),
    );
    lines.push({ n, what: 'vector: flat + label filter', ...filtered });

    // Full text: the fallback scan (read-only store, no index), then the index build, then indexed search.
    phase('text search');
    const reader = await openStore(dir, { readOnly: true });
    const words = Array.from(
      { length: 20 },
      (_, i) => `${WORDS[i % WORDS.length]} ${WORDS[(i * 5) % WORDS.length]}`,
    );
    const scan = await latencies(words.slice(0, 5), (w) =>
      reader.images.textSearch('bench', w, { limit: K }),
    );
    reader.close();
    lines.push({ n, what: 'text: scan fallback (no index)', ...scan });
    phase('full-text index');
    const [, ftsMs] = await timed(() => store.images.textSearch('bench', 'cat', { limit: K }));
    const fts = await latencies(words, (w) => store.images.textSearch('bench', w, { limit: K }));
    lines.push({ n, what: 'text: FTS index', buildS: ftsMs / 1000, ...fts });
    phase('unindexed rows');
    const extra = Math.min(5_000, Math.round(n / 10));
    const more = syntheticSet({ n: extra, dimension, seed: 99 });
    const extraRows = rowsOf(more.vectors, 0, extra, random).map((row, i) => ({
      ...row,
      key: `new/${i}.jpg`,
      id: imageId('bench', `new/${i}.jpg`),
    }));
    await store.images.upsert(extraRows);
    const ftsStale = await latencies(words, (w) => store.images.textSearch('bench', w, { limit: K }));
    lines.push({ n, what: `text: FTS + ${extra} unindexed rows`, ...ftsStale });
    await store.images.deleteKeys(
      'bench',
      extraRows.map((row) => row.key),
    );

    // Vector indexes, each measured against the flat truth above: first the one optimize() builds, then others.
    const measure = async (what: string, tune: Tune, buildMs?: number) => {
      const got = await Promise.all(queries.map((q) => ids(table, q, tune)));
      const lat = await latencies(queries, (q) => ids(table, q, tune));
      lines.push({
        n,
        what: `vector: ${what}`,
        buildS: buildMs === undefined ? undefined : buildMs / 1000,
        ...lat,
        recall: recall(truth, got),
      });
    };
    const [report, storeMs] = await timed(() => store.optimize({ vectorIndexMinRows: 1 }));
    phase(`optimized: ${JSON.stringify(report.tables.map((t) => [t.table, t.indexed, t.ms]))}`);
    const kind = (await table.listIndices()).find((index) => index.name === 'vector_idx')?.indexType;
    await measure(`${kind} as built by optimize(), no tuning`, () => undefined, storeMs);
    await measure(`${kind} with the store's tuning`, (s) =>
      s.nprobes(SEARCH_TUNING.nprobes).ef(SEARCH_TUNING.ef).refineFactor(SEARCH_TUNING.refineFactor),
    );
    const viaStore = await latencies(queries, (q) => store.images.vectorSearch('bench', q, { limit: K }));
    lines.push({ n, what: 'vector: store.vectorSearch, indexed', ...viaStore });

    phase('IVF_PQ');
    const [, pqMs] = await timed(() =>
      table.createIndex('vector', {
        config: Index.ivfPq({ distanceType: 'cosine', numPartitions: Math.round(Math.sqrt(n)) }),
        name: 'vector_idx',
        replace: true,
      }),
    );
    await measure('IVF_PQ nprobes 20', () => undefined, pqMs);
    await measure('IVF_PQ nprobes 20 refine 5', (s) => s.nprobes(20).refineFactor(5));
    await measure('IVF_PQ nprobes 20 refine 10', (s) => s.nprobes(20).refineFactor(10));
  } finally {
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

for (const n of sizes) await benchSize(n);

const fmt = (value: number | undefined, digits = 1) => (value === undefined ? '' : value.toFixed(digits));
console.log(
  `\nstore search, ${dimension}-d, ${QUERIES} queries, k=${K}, cosine (${process.platform}, node ${process.version})`,
);
console.log('| rows | what | build s | p50 ms | p95 ms | recall@10 | note |');
console.log('|---:|---|---:|---:|---:|---:|---|');
for (const line of lines) {
  console.log(
    `| ${line.n} | ${line.what} | ${fmt(line.buildS)} | ${fmt(line.p50)} | ${fmt(line.p95)} | ${fmt(line.recall, 3)} | ${line.note ?? ''} |`,
  );
}
