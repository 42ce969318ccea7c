import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type Table } from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticSet } from '../../bench/curate/synthetic.ts';
import type { ImageRow, Store } from '../../shared/store/index.ts';
import {
  DEFAULT_VECTOR_INDEX_ROWS,
  MAX_INDEX_SEGMENTS,
  VECTOR_INDEX,
  VECTOR_REFRESH_ROWS,
  vectorIndexAction,
  vectorPartitions,
} from '../../shared/store/vector-index.ts';
import { SEARCH_TUNING } from '../../shared/store/vectors.ts';
import { imageRow, tempStore } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const DIM = 64;

/** Clustered unit vectors (like real embeddings: many near neighbours), with a label per row. */
function clusteredRows(n: number, offset = 0, seed = 5): ImageRow[] {
  const set = syntheticSet({ n, dimension: DIM, seed, clusters: Math.max(4, Math.round(n / 100)) });
  return Array.from({ length: n }, (_, i) =>
    imageRow('ds', `img-${offset + i}.jpg`, {
      vector: set.vectors.slice(i * DIM, (i + 1) * DIM),
      label: ['cat', 'dog', 'boat', 'tree'][i % 4],
    }),
  );
}

async function writeInBatches(store: Store, rows: ImageRow[], batch = 250): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) await store.images.upsert(rows.slice(i, i + batch));
}

async function imagesTable(dir: string): Promise<Table> {
  return (await connect(dir, { readConsistencyInterval: 0 })).openTable('images');
}

/** Ids of the exact nearest rows, LanceDB's index bypassed. */
async function exact(table: Table, vector: Float32Array, k: number, filter?: string): Promise<string[]> {
  let query = table.vectorSearch(vector).distanceType('cosine').bypassVectorIndex().limit(k);
  query = query.where(filter ? `dataset = 'ds' AND ${filter}` : `dataset = 'ds'`);
  return (await query.select(['id', '_distance']).toArray()).map((row) => row.id as string);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

describe('when to build, refresh and rebuild the vector index', () => {
  it.each([
    ['an empty table', 0, undefined, 'none'],
    ['a table below the threshold', DEFAULT_VECTOR_INDEX_ROWS - 1, undefined, 'none'],
    ['a table at the threshold', DEFAULT_VECTOR_INDEX_ROWS, undefined, 'build'],
    [
      'a few rows since the build',
      5_000,
      { numIndexedRows: 4_900, numUnindexedRows: 100, numIndices: 1 },
      'none',
    ],
    [
      'many rows since the build',
      6_000,
      { numIndexedRows: 5_000, numUnindexedRows: VECTOR_REFRESH_ROWS, numIndices: 1 },
      'refresh',
    ],
    // 5% of a large index: 20,000 new rows on 1M are still searched flat, 60,000 are indexed.
    [
      '2% new rows on 1M',
      1_020_000,
      { numIndexedRows: 1_000_000, numUnindexedRows: 20_000, numIndices: 1 },
      'none',
    ],
    [
      '6% new rows on 1M',
      1_060_000,
      { numIndexedRows: 1_000_000, numUnindexedRows: 60_000, numIndices: 1 },
      'refresh',
    ],
    [
      'an index split into many segments',
      9_000,
      { numIndexedRows: 8_000, numUnindexedRows: 1_000, numIndices: MAX_INDEX_SEGMENTS },
      'rebuild',
    ],
  ] as const)('%s: %s rows -> %s', (_what, rows, stats, action) => {
    expect(vectorIndexAction(rows, stats)).toBe(action);
  });
});

describe('how the vector index is partitioned', () => {
  it.each([
    [256, 2],
    [3_000, 16],
    [100_000, 16],
    [1_000_000, 16],
    [9_000_000, 18],
  ])('%s rows -> %s partitions', (rows, partitions) => {
    expect(vectorPartitions(rows)).toBe(partitions);
  });

  it('searches every partition up to 10M rows (the store probes a fixed number)', () => {
    expect(vectorPartitions(10_000_000)).toBeLessThanOrEqual(SEARCH_TUNING.nprobes);
  });
});

describe('vector index upkeep as rows arrive', () => {
  it('indexes in the background once a writer crosses the threshold, without the write waiting for it', async () => {
    const { store, dir, cleanup } = await tempStore();
    cleanups.push(cleanup);
    const rows = clusteredRows(DEFAULT_VECTOR_INDEX_ROWS + 44);
    await store.images.upsert(rows.slice(0, 100));
    await store.settle();
    const table = await imagesTable(dir);
    expect((await table.listIndices()).map((index) => index.name)).not.toContain(VECTOR_INDEX);

    await sleep(1_100); // the writer looks at its indexes at most once a second
    await store.images.upsert(rows.slice(100));
    await store.settle();
    const names = (await table.listIndices()).map((index) => index.name);
    expect(names).toEqual(expect.arrayContaining([VECTOR_INDEX, 'id_idx', 'dataset_idx']));
    expect(await table.indexStats(VECTOR_INDEX)).toMatchObject({
      numIndexedRows: rows.length,
      numUnindexedRows: 0,
    });
    for (const probe of [0, 150, rows.length - 1]) {
      const [hit] = await store.images.vectorSearch('ds', rows[probe].vector, { limit: 1 });
      expect(hit.row.key).toBe(rows[probe].key);
      expect(hit.score).toBeCloseTo(1, 4);
    }
  });

  it('refreshes the index with the rows written after it, which are searchable all along', async () => {
    const { store, dir, cleanup } = await tempStore();
    cleanups.push(cleanup);
    const first = clusteredRows(400);
    await store.images.upsert(first);
    await store.settle();
    const table = await imagesTable(dir);
    expect(await table.indexStats(VECTOR_INDEX)).toMatchObject({ numIndexedRows: 400 });

    const later = clusteredRows(VECTOR_REFRESH_ROWS + 100, 400, 9);
    await sleep(1_100);
    await store.images.upsert(later);
    // Not indexed yet, or being indexed: found all the same (LanceDB searches unindexed rows flat).
    const [hit] = await store.images.vectorSearch('ds', later[7].vector, { limit: 1 });
    expect(hit.row.key).toBe(later[7].key);
    await store.settle();
    expect(await table.indexStats(VECTOR_INDEX)).toMatchObject({
      numIndexedRows: 400 + later.length,
      numUnindexedRows: 0,
    });
  });

  it('leaves the indexes to optimize() in a store opened without background indexing', async () => {
    const { store, dir, cleanup } = await tempStore({ indexInBackground: false });
    cleanups.push(cleanup);
    await store.images.upsert(clusteredRows(DEFAULT_VECTOR_INDEX_ROWS + 10));
    await store.settle();
    expect((await (await imagesTable(dir)).listIndices()).map((index) => index.name)).not.toContain(
      VECTOR_INDEX,
    );
  });
});

describe('indexed search against exact search', () => {
  it('keeps recall@10 at 0.99 or more, with and without a filter, and answers limits past 20', async () => {
    const { store, dir, cleanup } = await tempStore({ indexInBackground: false });
    cleanups.push(cleanup);
    const rows = clusteredRows(3_000);
    await writeInBatches(store, rows, 1_000);
    await store.optimize();
    const table = await imagesTable(dir);
    expect((await table.listIndices()).map((index) => index.name)).toContain(VECTOR_INDEX);

    // Both search paths: LanceDB's own refinement (rows with vectors) and the row-id search re-ranked exactly
    // from the row cache (rows without vectors); the second must find at least what the first finds.
    const found = { refined: 0, reranked: 0, refinedCats: 0, rerankedCats: 0 };
    const probes = Array.from({ length: 30 }, (_, i) => rows[(i * 97) % rows.length]);
    const cat = { op: 'eq', column: 'label', value: 'cat' } as const;
    for (const probe of probes) {
      const truth = await exact(table, probe.vector, 10);
      const truthCats = await exact(table, probe.vector, 10, "label = 'cat'");
      for (const withVectors of [true, false]) {
        const path = withVectors ? 'refined' : 'reranked';
        const hits = await store.images.vectorSearch('ds', probe.vector, { limit: 10, withVectors });
        found[path] += hits.filter((hit) => truth.includes(hit.row.id)).length;
        const cats = await store.images.vectorSearch('ds', probe.vector, {
          limit: 10,
          where: cat,
          withVectors,
        });
        expect(cats.every((hit) => hit.row.label === 'cat')).toBe(true);
        found[`${path}Cats`] += cats.filter((hit) => truthCats.includes(hit.row.id)).length;
        // Scores are exact cosine similarities, best first.
        const [best] = hits;
        const stored = rows.find((row) => row.id === best.row.id) as ImageRow;
        expect(best.score).toBeCloseTo(cosine(probe.vector, stored.vector), 5);
        expect(hits.every((hit, i) => i === 0 || hit.score <= hits[i - 1].score)).toBe(true);
      }
    }
    const recall = (hits: number) => hits / (probes.length * 10);
    expect(recall(found.refined)).toBeGreaterThanOrEqual(0.99);
    expect(recall(found.refinedCats)).toBeGreaterThanOrEqual(0.99);
    expect(recall(found.reranked)).toBeGreaterThanOrEqual(recall(found.refined));
    expect(recall(found.rerankedCats)).toBeGreaterThanOrEqual(recall(found.refinedCats));

    // HNSW needs ef >= the candidates refinement asks for: 50 hits x refine 5 is past the default ef of 100.
    const many = await store.images.vectorSearch('ds', rows[0].vector, { limit: 50 });
    expect(many).toHaveLength(50);
    expect(new Set(many.map((hit) => hit.row.id)).size).toBe(50);
  });

  it('drops excluded ids from the hits and still fills the page', async () => {
    const { store, cleanup } = await tempStore({ indexInBackground: false });
    cleanups.push(cleanup);
    const rows = clusteredRows(300);
    await store.images.upsert(rows);
    await store.optimize();
    const probe = rows[42];
    const hits = await store.images.vectorSearch('ds', probe.vector, { limit: 5, exclude: [probe.id] });
    expect(hits).toHaveLength(5);
    expect(hits.map((hit) => hit.row.id)).not.toContain(probe.id);
    const bare = await store.images.vectorSearch('ds', probe.vector, { limit: 5, withVectors: false });
    expect(bare[0].row.id).toBe(probe.id);
    expect(bare[0].row.vector).toHaveLength(0);
    expect(bare[0].row.key).toBe(probe.key);
  });
});
