/**
 * Vector and full-text search in the store, flat against indexed, side by side in one run:
 *   node bin/run-ts.mjs bench/store-search.ts [sizes=20000,100000] [dimension=862] [sections=crossover,growth,sizes]
 * crossover: flat against indexed at 250 to 5,000 rows, where the index starts to pay (DEFAULT_VECTOR_INDEX_ROWS);
 * growth: 20,000 rows written in batches of 500 with the background index upkeep on and off (write latency,
 * then search latency and recall at checkpoints while the index follows);
 * sizes: at each size, flat and full-text search, then the index optimize() builds and other index kinds.
 * Recall@10 of every indexed variant is measured against the exact (flat, bypassVectorIndex) answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, Index, type Table } from '@lancedb/lancedb';
import { imageId, openStore, type Store } from '../shared/store/index.ts';
import { SEARCH_TUNING } from '../shared/store/vectors.ts';
import { WORDS } from './api/data.ts';
import { seededRandom, syntheticSet } from './curate/synthetic.ts';
import {
  K,
  type Line,
  latencies,
  nearQueries,
  recall,
  rowsOf as rowsAt,
  timed,
} from './store-search/common.ts';
import { crossover } from './store-search/crossover.ts';
import { growth } from './store-search/growth.ts';

const sizes = (process.argv[2] ?? '20000,100000').split(',').map(Number);
const dimension = Number(process.argv[3] ?? 862);
const sections = new Set((process.argv[4] ?? 'crossover,growth,sizes').split(','));
const QUERIES = 60;
const lines: Line[] = [];
const rowsOf = (vectors: Float32Array, offset: number, count: number, random: () => number) =>
  rowsAt(vectors, dimension, offset, count, random);

const t0 = performance.now();
const phase = (what: string) => console.error(`${((performance.now() - t0) / 1000).toFixed(1)} s: ${what}`);

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

async function benchSize(n: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-store-'));
  const store: Store = await openStore(dir, { indexInBackground: false });
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

    const queries = nearQueries(set.vectors, dimension, n, QUERIES, random);
    const table = await (await connect(dir, { readConsistencyInterval: 0 })).openTable('images');
    const truth = await Promise.all(queries.map((q) => ids(table, q, (s) => s.bypassVectorIndex())));
    const filteredTruth = await Promise.all(
      queries.map((q) =>
        ids(table, q, (s) => s.where("dataset = 'bench' AND label = 'cat'").bypassVectorIndex()),
      ),
    );

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
    const measure = async (what: string, tune: Tune, buildMs?: number, against = truth) => {
      const got = await Promise.all(queries.map((q) => ids(table, q, tune)));
      const lat = await latencies(queries, (q) => ids(table, q, tune));
      lines.push({
        n,
        what: `vector: ${what}`,
        buildS: buildMs === undefined ? undefined : buildMs / 1000,
        ...lat,
        recall: recall(against, got),
      });
    };
    const [report, storeMs] = await timed(() => store.optimize({ vectorIndexMinRows: 1 }));
    phase(`optimized: ${JSON.stringify(report.tables.map((t) => [t.table, t.indexed, t.ms]))}`);
    const kind = (await table.listIndices()).find((index) => index.name === 'vector_idx')?.indexType;
    await measure(`${kind} as built by optimize(), no tuning`, () => undefined, storeMs);
    for (const refine of [1, 2, SEARCH_TUNING.refineFactor]) {
      const label = refine === SEARCH_TUNING.refineFactor ? "the store's tuning" : `refine ${refine}`;
      await measure(`${kind} with ${label}`, (s) =>
        s
          .nprobes(SEARCH_TUNING.nprobes)
          .ef(Math.max(SEARCH_TUNING.ef, K * refine))
          .refineFactor(refine),
      );
    }
    await measure(
      `${kind}, label filter, the store's tuning`,
      (s) =>
        s
          .where("dataset = 'bench' AND label = 'cat'")
          .nprobes(SEARCH_TUNING.nprobes)
          .ef(SEARCH_TUNING.ef)
          .refineFactor(SEARCH_TUNING.refineFactor),
      undefined,
      filteredTruth,
    );
    const viaStore = await latencies(queries, (q) => store.images.vectorSearch('bench', q, { limit: K }));
    lines.push({ n, what: 'vector: store.vectorSearch, indexed, rows with vectors', ...viaStore });
    const lean = await latencies(queries, (q) =>
      store.images.vectorSearch('bench', q, { limit: K, withVectors: false }),
    );
    lines.push({ n, what: 'vector: store.vectorSearch, indexed, withVectors: false', ...lean });

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

if (sections.has('crossover')) {
  phase('crossover');
  lines.push(...(await crossover([250, 500, 1_000, 2_000, 5_000], dimension, QUERIES)));
}
if (sections.has('growth')) {
  phase('growth');
  lines.push(...(await growth(20_000, 500, dimension, QUERIES)));
}
if (sections.has('sizes')) for (const n of sizes) await benchSize(n);

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
