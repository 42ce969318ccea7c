import { connect } from '@lancedb/lancedb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { where } from '../../shared/store/filters.ts';
import { openStore } from '../../shared/store/open.ts';
import { RowCache } from '../../shared/store/row-cache.ts';
import type { Store } from '../../shared/store/types.ts';
import { imageRow, randomVector, tempStore } from './helpers.ts';

// Searches read ids and take rows from the cache: they must answer exactly what a store without it answers,
// and never a row older than the stored one, whoever wrote it.
let store: Store;
let dir: string;
let cleanup: () => Promise<void>;
const others: Store[] = [];

beforeEach(async () => {
  ({ store, dir, cleanup } = await tempStore());
});
afterEach(async () => {
  for (const other of others.splice(0)) other.close();
  await cleanup();
});

const WORDS = ['cat', 'dog', 'bird'];
const rows = (dataset: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    imageRow(dataset, `img${i}.jpg`, {
      vector: randomVector(10 + i),
      label: WORDS[i % 3],
      caption: `a ${WORDS[i % 3]} on a mat`,
      blur: i / count,
    }),
  );

async function uncached(): Promise<Store> {
  const other = await openStore(dir, { rowCache: { rows: 0, vectorBytes: 0 }, indexInBackground: false });
  others.push(other);
  return other;
}

/**
 * The same rows in the same order, scores equal to float32 precision: LanceDB computes them in float32, the
 * cache's exact re-rank in float64.
 */
function expectSameHits(
  cached: { row: unknown; score: number }[],
  direct: { row: unknown; score: number }[],
): void {
  expect(cached.map((hit) => hit.row)).toEqual(direct.map((hit) => hit.row));
  for (const [i, hit] of cached.entries()) expect(hit.score).toBeCloseTo(direct[i].score, 6);
}

describe('the row cache', () => {
  it('answers searches exactly as a store without it, warm or cold', async () => {
    await store.images.upsert([...rows('a', 30), ...rows('b', 10)]);
    const plain = await uncached();
    const query = randomVector(99);
    for (let round = 0; round < 2; round++) {
      for (const dataset of ['a', 'b']) {
        const options = { limit: 8, withVectors: false };
        const cached = await store.images.vectorSearch(dataset, query, options);
        const direct = await plain.images.vectorSearch(dataset, query, options);
        expectSameHits(cached, direct);
        expect(cached.every((hit) => hit.row.dataset === dataset && hit.row.vector.length === 0)).toBe(true);
        const text = await store.images.textSearch(dataset, 'dog mat', { limit: 8 });
        expect(text).toEqual(await plain.images.textSearch(dataset, 'dog mat', { limit: 8 }));
        expect(text.every((hit) => hit.row.vector.length === 8)).toBe(true);
        const page = {
          where: where.in('label', ['cat', 'dog']),
          limit: 5,
          offset: 2,
          orderBy: { column: 'blur' as const, ascending: false },
          withVectors: false,
        };
        const listed = await store.images.list(dataset, page);
        expect(listed).toEqual(await plain.images.list(dataset, page));
        const withVectors = await plain.images.list(dataset, { ...page, withVectors: true });
        expect(listed).toEqual(withVectors.map((row) => ({ ...row, vector: new Float32Array(0) })));
      }
    }
  });

  it('reads ids through the scalar and vector indexes, two datasets in the table', async () => {
    // LanceDB fails to plan an ids-only read whose filter an index answers alone, unless the order column is read.
    await store.images.upsert([...rows('a', 300), ...rows('b', 300)]);
    await store.optimize();
    const table = await (await connect(dir)).openTable('images');
    const indexes = (await table.listIndices()).map((index) => index.name);
    table.close();
    expect(indexes).toEqual(expect.arrayContaining(['vector_idx', 'id_idx', 'dataset_idx']));
    const plain = await uncached();
    const query = randomVector(7);
    for (const filter of [undefined, where.in('id', [rows('b', 3)[2].id])]) {
      const options = { limit: 5, withVectors: false, where: filter };
      expectSameHits(
        await store.images.vectorSearch('b', query, options),
        await plain.images.vectorSearch('b', query, options),
      );
      for (const orderBy of [undefined, { column: 'blur' as const }, { column: 'id' as const }]) {
        const page = { limit: 5, where: filter, orderBy, withVectors: false };
        const listed = await store.images.list('b', page);
        expect(listed.length).toBeGreaterThan(0);
        expect(listed).toEqual(await plain.images.list('b', page));
      }
    }
    expect(await store.images.textSearch('b', 'bird', { limit: 5 })).toEqual(
      await plain.images.textSearch('b', 'bird', { limit: 5 }),
    );
  });

  it('never serves a row older than the stored one, after this process or another one writes', async () => {
    const initial = rows('a', 12);
    await store.images.upsert(initial);
    const query = initial[0].vector;
    const first = await store.images.vectorSearch('a', query, { limit: 3, withVectors: false });
    expect(first[0].row.label).toBe('cat');
    expect(await store.images.vector('a', initial[0].id)).toEqual(initial[0].vector);

    // This process relabels it.
    await store.images.upsert([{ ...initial[0], label: 'lion' }]);
    const relabelled = await store.images.vectorSearch('a', query, { limit: 3, withVectors: false });
    expect(relabelled[0].row.label).toBe('lion');

    // Another process (another store on the same directory) relabels it and changes its vector.
    const writer = await uncached();
    const moved = randomVector(500);
    await writer.images.upsert([{ ...initial[0], label: 'tiger', vector: moved }]);
    const [again] = await store.images.vectorSearch('a', moved, { limit: 1, withVectors: false });
    expect(again.row).toMatchObject({ id: initial[0].id, label: 'tiger' });
    expect(await store.images.vector('a', initial[0].id)).toEqual(moved);
    const text = await store.images.textSearch('a', 'tiger', { limit: 5 });
    expect(text.map((hit) => hit.row.id)).toEqual([initial[0].id]);
    expect(text[0].row.vector).toEqual(moved);

    // ... and deletes it: gone from every search at once.
    await writer.images.deleteKeys('a', [initial[0].key]);
    const after = await store.images.vectorSearch('a', moved, { limit: 12, withVectors: false });
    expect(after.map((hit) => hit.row.id)).not.toContain(initial[0].id);
    expect(await store.images.vector('a', initial[0].id)).toBeUndefined();
    expect(await store.images.textSearch('a', 'tiger', { limit: 5 })).toEqual([]);
  });

  it('sees the supplied-model record another process writes (read once per meta version)', async () => {
    await store.images.upsert(rows('a', 1));
    const model = { id: 'test-model', dimension: 8 };
    expect(await store.suppliedModel()).toBeUndefined();
    expect(await store.suppliedModel()).toBeUndefined();
    await (await uncached()).recordSuppliedModel(model);
    expect(await store.suppliedModel()).toEqual(model);
  });

  it('finds the right rows after a compaction renumbers the row ids it holds', async () => {
    // Three writes, three fragments: compacting them into one gives every row a new row id.
    const all = rows('a', 30);
    for (let i = 0; i < 30; i += 10) await store.images.upsert(all.slice(i, i + 10));
    const plain = await uncached();
    const query = randomVector(5);
    const options = { limit: 6, withVectors: false };
    expectSameHits(
      await store.images.vectorSearch('a', query, options),
      await plain.images.vectorSearch('a', query, options),
    );
    await plain.optimize();
    const after = await store.images.vectorSearch('a', query, options);
    expectSameHits(after, await plain.images.vectorSearch('a', query, options));
    const other = await store.images.vectorSearch('a', all[17].vector, options);
    expect(other[0].row.id).toBe(all[17].id);
    expect(other[0].score).toBeCloseTo(1, 6);
  });

  it('finds a vector only in its own dataset, even once it is held', async () => {
    const [row] = rows('a', 1);
    await store.images.upsert([row]);
    expect(await store.images.vector('a', row.id)).toEqual(row.vector);
    expect(await store.images.vector('b', row.id)).toBeUndefined();
    expect(await store.images.vector('a', row.id)).toEqual(row.vector);
  });

  it('reads only the rows it does not hold, and holds no more than its limit', async () => {
    await store.images.upsert(rows('a', 6));
    const plain = await uncached();
    const all = await plain.images.list('a', { limit: 6 });
    const cache = new RowCache({ rows: 2, vectorBytes: 0 });
    const asked: string[][] = [];
    const read = async (missing: string[]) => {
      asked.push(missing);
      return all.filter((row) => missing.includes(row.id)).map((row) => ({ ...row }));
    };
    const table = { version: async () => 1 } as unknown as Parameters<RowCache['sync']>[0];
    const version = await cache.sync(table);
    const ids = all.map((row) => row.id);
    const held = await cache.rows(version, ids.slice(0, 2), read);
    expect([...held.keys()]).toEqual(ids.slice(0, 2));
    expect([...held.values()].every((row) => !('vector' in row) && !('text' in row))).toBe(true);
    await cache.rows(version, ids.slice(0, 2), read);
    expect(asked).toEqual([ids.slice(0, 2)]);
    // Two more push the first two out.
    await cache.rows(version, ids.slice(2, 4), read);
    await cache.rows(version, ids.slice(0, 1), read);
    expect(asked.at(-1)).toEqual([ids[0]]);
    // A read made at an older version than the cache's is answered but not held.
    const moved = { version: async () => 2 } as unknown as Parameters<RowCache['sync']>[0];
    await cache.sync(moved);
    await cache.rows(version, ids.slice(5), read);
    await cache.rows(2, ids.slice(5), read);
    expect(asked.slice(-2)).toEqual([ids.slice(5), ids.slice(5)]);
  });

  it('shares version checks between concurrent reads, never one that started before the read', async () => {
    let stored = 1;
    const answers: (() => void)[] = [];
    let asked = 0;
    const table = {
      version: () => {
        asked++;
        const seen = stored; // the version a check sees is the one stored when it starts
        return new Promise<number>((resolve) => answers.push(() => resolve(seen)));
      },
    } as unknown as Parameters<RowCache['sync']>[0];
    const cache = new RowCache({ rows: 2, vectorBytes: 0 });
    const first = cache.sync(table);
    stored = 2; // a write lands while the first check runs: later reads must see it
    const later = Array.from({ length: 31 }, () => cache.sync(table));
    expect(asked).toBe(1);
    answers.shift()?.();
    expect(await first).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toBe(2); // one check for the 31 that came meanwhile
    answers.shift()?.();
    expect(await Promise.all(later)).toEqual(Array(31).fill(2));
    // Alone, a read asks again.
    const alone = cache.sync(table);
    answers.shift()?.();
    expect(await alone).toBe(2);
    expect(asked).toBe(3);
  });

  it('holds vectors up to its byte budget, whatever their dimension', async () => {
    const table = { version: async () => 1 } as unknown as Parameters<RowCache['sync']>[0];
    const cache = new RowCache({ rows: 10, vectorBytes: 3 * 16 });
    const version = await cache.sync(table);
    for (let i = 0; i < 4; i++) cache.putVector(version, 'a', `v${i}`, new Float32Array(4).fill(i));
    // Three 4-dimension vectors (16 bytes each) fit; the fourth pushed out the least recently used.
    expect(cache.vectorOf('a', 'v0')).toBeUndefined();
    expect(['v1', 'v2', 'v3'].map((id) => cache.vectorOf('a', id)?.[0])).toEqual([1, 2, 3]);
    // One twice as long takes the room of two.
    cache.putVector(version, 'a', 'wide', new Float32Array(8));
    expect(['v1', 'v2', 'v3', 'wide'].map((id) => cache.vectorOf('a', id) !== undefined)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('closes a pinned handle once the cache has moved past its version and no search holds it', async () => {
    let stored = 1;
    const table = { version: async () => stored } as unknown as Parameters<RowCache['sync']>[0];
    const closed: number[] = [];
    const open = async (version: number) =>
      ({ close: () => closed.push(version) }) as unknown as Awaited<ReturnType<RowCache['pinned']>['table']>;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    const cache = new RowCache({ rows: 2, vectorBytes: 0 });
    await cache.sync(table);
    const first = cache.pinned(1, open);
    const second = cache.pinned(1, open);
    expect(await first.table).toBe(await second.table); // one handle per version
    first.release();
    first.release(); // twice is once
    await settle();
    expect(closed).toEqual([]); // the cache's version: kept open for the next search
    stored = 2;
    await cache.sync(table);
    await settle();
    expect(closed).toEqual([]); // moved past, but a search still reads through it
    second.release();
    await settle();
    expect(closed).toEqual([1]);
    // A search that raced a write (its version is not the cache's) gets a handle of its own, closed after it.
    const raced = cache.pinned(1, open);
    await raced.table;
    raced.release();
    await settle();
    expect(closed).toEqual([1, 1]);
    // Closing the store closes the current one.
    cache.pinned(2, open).release();
    cache.close();
    await settle();
    expect(closed).toEqual([1, 1, 2]);
  });
});
