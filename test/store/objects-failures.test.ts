import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { where } from '../../shared/store/filters.ts';
import { objectId } from '../../shared/store/ids.ts';
import type { Store } from '../../shared/store/types.ts';
import { collect, imageRow, objectRow, tempStore } from './helpers.ts';

let store: Store;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ store, cleanup } = await tempStore());
});
afterEach(() => cleanup());

describe('objects', () => {
  it('replaceForImages swaps an image’s objects and leaves other images’ alone', async () => {
    const a = imageRow('ds', 'a.jpg');
    const b = imageRow('ds', 'b.jpg');
    await store.objects.replaceForImages(
      [a.id, b.id],
      [objectRow(a, 0), objectRow(a, 1), objectRow(a, 2), objectRow(b, 0)],
    );
    expect(await store.objects.count('ds')).toBe(4);

    await store.objects.replaceForImages([a.id], [objectRow(a, 0, { label: 'renamed' })]);
    const ofA = await store.objects.forImage('ds', a.id);
    expect(ofA.map((o) => [o.id, o.label])).toEqual([[objectId(a.id, 0), 'renamed']]);
    expect(ofA[0].box).toEqual({
      x: 0,
      y: expect.closeTo(0.1, 6),
      w: expect.closeTo(0.2, 6),
      h: expect.closeTo(0.3, 6),
    });
    expect(await store.objects.forImage('ds', b.id)).toHaveLength(1);

    await store.objects.replaceForImages([a.id], []);
    expect(await store.objects.forImage('ds', a.id)).toEqual([]);
    expect(await store.objects.count('ds')).toBe(1);
  });

  it('refuses rows that belong to an image not named', async () => {
    const a = imageRow('ds', 'a.jpg');
    const b = imageRow('ds', 'b.jpg');
    await expect(store.objects.replaceForImages([a.id], [objectRow(b, 0)])).rejects.toThrow(/belongs to/);
  });

  it('searches by vector within a dataset and scans with boxes', async () => {
    const a = imageRow('ds', 'a.jpg');
    const other = imageRow('other', 'a.jpg');
    const objects = [objectRow(a, 0), objectRow(a, 1), objectRow(other, 0)];
    await store.objects.replaceForImages([a.id, other.id], objects);
    const hits = await store.objects.vectorSearch('ds', objects[1].vector, { limit: 5 });
    expect(hits.map((hit) => hit.row.id)).toEqual([objects[1].id, objects[0].id]);
    expect(hits[0].score).toBeCloseTo(1, 5);
    expect(hits[1].score).toBeLessThan(1);

    const labelled = await store.objects.vectorSearch('ds', objects[1].vector, {
      where: where.eq('label', 'part-0'),
    });
    expect(labelled.map((hit) => hit.row.id)).toEqual([objects[0].id]);

    const scanned = (await collect(store.objects.scan('ds', { columns: ['id', 'box'] }))).flat();
    expect(scanned).toHaveLength(2);
    expect(scanned[0].box.w).toBeCloseTo(0.2, 6);
    expect(await store.objects.get('other', objects[0].id)).toBeUndefined();
    expect((await store.objects.get('ds', objects[0].id))?.imageId).toBe(a.id);
  });
});

describe('failures', () => {
  it('records one row per key, replaces it, lists newest first and clears', async () => {
    await store.failures.record([
      { dataset: 'ds', key: 'bad.jpg', sha256: null, reason: 'empty file', at: 1 },
      { dataset: 'ds', key: 'worse.jpg', sha256: 'abc', reason: 'truncated', at: 2 },
      { dataset: 'other', key: 'bad.jpg', sha256: null, reason: 'not an image', at: 3 },
    ]);
    await store.failures.record({
      dataset: 'ds',
      key: 'bad.jpg',
      sha256: 'def',
      reason: 'too many pixels',
      at: 5,
    });
    expect(await store.failures.list('ds')).toEqual([
      { dataset: 'ds', key: 'bad.jpg', sha256: 'def', reason: 'too many pixels', at: 5 },
      { dataset: 'ds', key: 'worse.jpg', sha256: 'abc', reason: 'truncated', at: 2 },
    ]);
    await store.failures.clear('ds', ['bad.jpg', 'never.jpg']);
    expect((await store.failures.list('ds')).map((row) => row.key)).toEqual(['worse.jpg']);
    expect(await store.failures.count('other')).toBe(1);
    expect((await store.images.stats('ds')).failures).toBe(1);
  });
});
