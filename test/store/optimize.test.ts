import { connect } from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { imageRow, randomVector, tempStore } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('optimize', () => {
  it('compacts the fragments of many small writes and drops old versions, losing no row', async () => {
    const { store, dir, cleanup } = await tempStore();
    cleanups.push(cleanup);
    for (let i = 0; i < 12; i++) await store.images.upsert([imageRow('ds', `k${i}.jpg`)]);
    await store.images.deleteKeys('ds', ['k0.jpg']);
    const report = await store.optimize({ keepVersionsMs: 0 });
    const images = report.tables.find((entry) => entry.table === 'images');
    expect(images).toMatchObject({ rows: 11, indexed: ['text_idx'] });
    expect(images?.fragmentsRemoved).toBeGreaterThanOrEqual(11);
    expect(images?.versionsRemoved).toBeGreaterThan(10);
    expect(await store.images.count('ds')).toBe(11);
    const table = await (await connect(dir)).openTable('images');
    expect((await table.stats()).fragmentStats.numFragments).toBe(1);
    expect((await store.images.textSearch('ds', 'k5')).map((hit) => hit.row.key)).toEqual(['k5.jpg']);
  });

  it('builds a vector index once a table is large enough, and search still finds the exact nearest', async () => {
    // Only optimize() builds here: the background upkeep of a writer is tested in vector-index.test.ts.
    const { store, dir, cleanup } = await tempStore({ indexInBackground: false });
    cleanups.push(cleanup);
    const rows = Array.from({ length: 400 }, (_, i) =>
      imageRow('ds', `k${i}.jpg`, { vector: randomVector(i, 32) }),
    );
    await store.images.upsert(rows);

    const small = await store.optimize({ vectorIndexMinRows: 1000 });
    expect(small.tables.find((entry) => entry.table === 'images')?.indexed).toEqual(['text_idx']);
    const large = await store.optimize({ vectorIndexMinRows: 300 });
    // The content hashes and the ingest time are indexed for the arrivals' duplicate check (bench/arrival.ts).
    expect(large.tables.find((entry) => entry.table === 'images')?.indexed).toEqual([
      'vector_idx',
      'id_idx',
      'dataset_idx',
      'sha256_idx',
      'pixel_hash_idx',
      'ingested_at_idx',
    ]);
    const indices = await (await (await connect(dir)).openTable('images')).listIndices();
    expect(indices.map((index) => index.name).sort()).toEqual([
      'dataset_idx',
      'id_idx',
      'ingested_at_idx',
      'pixel_hash_idx',
      'sha256_idx',
      'text_idx',
      'vector_idx',
    ]);

    for (const probe of [3, 177, 399]) {
      const hits = await store.images.vectorSearch('ds', rows[probe].vector, { limit: 3 });
      expect(hits[0].row.key).toBe(`k${probe}.jpg`);
      expect(hits[0].score).toBeCloseTo(1, 4);
    }
    // Rows written after the index are found too (LanceDB searches unindexed rows flat).
    const late = imageRow('ds', 'late.jpg', { vector: randomVector(10_000, 32) });
    await store.images.upsert([late]);
    expect((await store.images.vectorSearch('ds', late.vector, { limit: 1 }))[0].row.key).toBe('late.jpg');
  });
});
