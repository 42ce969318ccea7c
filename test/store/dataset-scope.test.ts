import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { where } from '../../shared/store/filters.ts';
import type { Store } from '../../shared/store/types.ts';
import { imageRow, randomVector, tempStore } from './helpers.ts';

// Reads leave the dataset condition out while the table holds one dataset: they must stay right once it holds two.
let store: Store;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ store, cleanup } = await tempStore());
});
afterEach(() => cleanup());

const rows = (dataset: string, count: number, seed: number) =>
  Array.from({ length: count }, (_, i) =>
    imageRow(dataset, `img${i}.jpg`, { vector: randomVector(seed + i), label: 'cat', caption: 'a cat' }),
  );

describe('reads scoped to a dataset', () => {
  it('never answer with another dataset’s rows, before or after a second dataset arrives', async () => {
    await store.images.upsert(rows('a', 5, 1));
    const query = randomVector(100);
    expect(await store.images.vectorSearch('a', query, { limit: 10 })).toHaveLength(5);
    expect(await store.images.vectorSearch('b', query, { limit: 10 })).toHaveLength(0);
    await store.images.upsert(rows('b', 5, 1));
    for (const dataset of ['a', 'b']) {
      const similar = await store.images.vectorSearch(dataset, query, { limit: 10, withVectors: false });
      expect(similar.map((hit) => hit.row.dataset)).toEqual(Array(5).fill(dataset));
      const text = await store.images.textSearch(dataset, 'cat', { limit: 10 });
      expect(text.map((hit) => hit.row.dataset)).toEqual(Array(5).fill(dataset));
      const listed = await store.images.list(dataset, { where: where.eq('label', 'cat'), limit: 10 });
      expect(listed.map((row) => row.dataset)).toEqual(Array(5).fill(dataset));
    }
  });

  it('find an image by id only in its own dataset, and read its vector alone', async () => {
    const [row] = rows('a', 1, 7);
    await store.images.upsert([row]);
    expect((await store.images.get('a', row.id))?.key).toBe('img0.jpg');
    expect(await store.images.get('b', row.id)).toBeUndefined();
    expect(await store.images.vector('a', row.id)).toEqual(row.vector);
    expect(await store.images.vector('b', row.id)).toBeUndefined();
    expect(await store.images.getMany('b', [row.id])).toEqual([]);
  });
});
