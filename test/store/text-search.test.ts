import { afterEach, describe, expect, it } from 'vitest';
import { where } from '../../shared/store/filters.ts';
import { openStore } from '../../shared/store/open.ts';
import { imageRow, tempStore } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const rows = [
  imageRow('ds', 'animals/tabby_001.jpg', { label: 'cat', caption: 'a sleepy tabby on the sofa' }),
  imageRow('ds', 'animals/rex.jpg', { label: 'dog', tags: ['outdoor', 'puppies'] }),
  imageRow('ds', 'vehicles/red-car.png', { label: 'car', caption: 'parked near the river' }),
  imageRow('ds', 'misc/zebra_crossing.jpg', { label: null, tags: ['street'] }),
];

async function seeded() {
  const temp = await tempStore();
  cleanups.push(temp.cleanup);
  await temp.store.images.upsert(rows);
  return temp;
}

const keys = (hits: { row: { key: string } }[]) => hits.map((hit) => hit.row.key);

describe('text search', () => {
  it.each([
    ['label', 'dog', 'animals/rex.jpg'],
    ['caption word', 'sofa', 'animals/tabby_001.jpg'],
    ['caption word, stemmed', 'sofas', 'animals/tabby_001.jpg'],
    ['tag', 'street', 'misc/zebra_crossing.jpg'],
    ['tag, plural to singular', 'puppy', 'animals/rex.jpg'],
    ['key segment', 'vehicles', 'vehicles/red-car.png'],
    ['key word', 'zebra', 'misc/zebra_crossing.jpg'],
    ['any case', 'RIVER', 'vehicles/red-car.png'],
  ])('finds by %s (%s)', async (_what, query, key) => {
    const { store } = await seeded();
    const hits = await store.images.textSearch('ds', query);
    expect(keys(hits)[0]).toBe(key);
    expect(hits[0].score).toBeGreaterThan(0);
  });

  it('ranks the row matching more words first and applies filters', async () => {
    const { store } = await seeded();
    const hits = await store.images.textSearch('ds', 'tabby sofa dog');
    expect(keys(hits)).toEqual(['animals/tabby_001.jpg', 'animals/rex.jpg']);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    const filtered = await store.images.textSearch('ds', 'tabby sofa dog', {
      where: where.eq('label', 'dog'),
    });
    expect(keys(filtered)).toEqual(['animals/rex.jpg']);
  });

  it('never returns another dataset, even when it holds many better matches', async () => {
    const { store } = await seeded();
    const crowd = Array.from({ length: 60 }, (_, i) =>
      imageRow('crowd', `cat/${i}.jpg`, { label: 'cat', caption: 'cat cat cat' }),
    );
    await store.images.upsert(crowd);
    const hits = await store.images.textSearch('ds', 'cat', { limit: 5 });
    expect(keys(hits)).toEqual(['animals/tabby_001.jpg']);
  });

  it('finds rows written after the index was built', async () => {
    const { store } = await seeded();
    expect(keys(await store.images.textSearch('ds', 'dog'))).toEqual(['animals/rex.jpg']);
    await store.images.upsert([imageRow('ds', 'new/husky.jpg', { label: 'dog', caption: 'snow' })]);
    expect(keys(await store.images.textSearch('ds', 'snow'))).toEqual(['new/husky.jpg']);
    await store.images.upsert([imageRow('ds', 'animals/rex.jpg', { label: 'wolf' })]);
    expect(keys(await store.images.textSearch('ds', 'dog'))).toEqual(['new/husky.jpg']);
  });

  it('answers from a scan when a read-only store has no index yet', async () => {
    const { dir } = await seeded();
    const reader = await openStore(dir, { readOnly: true });
    try {
      const hits = await reader.images.textSearch('ds', 'tabby dog');
      expect(keys(hits).sort()).toEqual(['animals/rex.jpg', 'animals/tabby_001.jpg']);
      expect(hits.every((hit) => hit.score === 0.5)).toBe(true);
      await expect(reader.images.upsert([imageRow('ds', 'x.jpg')])).rejects.toThrow(/read-only/);
      await expect(reader.images.deleteKeys('ds', ['animals/rex.jpg'])).rejects.toThrow(/read-only/);
      await expect(reader.optimize()).rejects.toThrow(/read-only/);
      expect(await reader.images.count('ds')).toBe(4);
    } finally {
      reader.close();
    }
  });

  it('an empty or punctuation-only query finds nothing; an oversized one is refused', async () => {
    const { store } = await seeded();
    expect(await store.images.textSearch('ds', '')).toEqual([]);
    expect(await store.images.textSearch('ds', ' -- ; ')).toEqual([]);
    await expect(store.images.textSearch('ds', 'a'.repeat(1001))).rejects.toThrow(/at most 1000/);
  });
});
