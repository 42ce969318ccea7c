import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { where } from '../../shared/store/filters.ts';
import { imageId, objectId } from '../../shared/store/ids.ts';
import type { Store } from '../../shared/store/types.ts';
import { collect, imageRow, objectRow, tempStore, unit } from './helpers.ts';

let store: Store;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ store, cleanup } = await tempStore());
});
afterEach(() => cleanup());

describe('images', () => {
  it('upserting the same rows twice stores them once', async () => {
    const rows = ['a.jpg', 'b.jpg', 'c.jpg'].map((key) => imageRow('ds', key));
    await store.images.upsert(rows);
    await store.images.upsert(rows);
    expect(await store.images.count('ds')).toBe(3);
    const existing = await store.images.existing('ds', ['a.jpg', 'c.jpg', 'missing.jpg']);
    expect([...existing.keys()].sort()).toEqual(['a.jpg', 'c.jpg']);
    expect(existing.get('a.jpg')).toEqual({
      id: imageId('ds', 'a.jpg'),
      sha256: 'sha-a.jpg',
      model: 'test-model',
      label: rows[0].label,
      caption: rows[0].caption,
      tags: rows[0].tags,
      width: rows[0].width,
      height: rows[0].height,
    });
  });

  it('a changed file replaces its row in place', async () => {
    await store.images.upsert([imageRow('ds', 'a.jpg', { label: 'cat' })]);
    await store.images.upsert([
      imageRow('ds', 'a.jpg', { sha256: 'new-hash', label: 'dog', tags: ['x', 'y'] }),
    ]);
    expect(await store.images.count('ds')).toBe(1);
    const row = await store.images.getByKey('ds', 'a.jpg');
    expect(row).toMatchObject({ sha256: 'new-hash', label: 'dog', tags: ['x', 'y'] });
    expect(row?.vector).toBeInstanceOf(Float32Array);
    expect(row?.vector.length).toBe(8);
  });

  it('duplicate ids in one batch keep the last row', async () => {
    await store.images.upsert([
      imageRow('ds', 'a.jpg', { label: 'first' }),
      imageRow('ds', 'a.jpg', { label: 'last' }),
    ]);
    expect(await store.images.count('ds')).toBe(1);
    expect((await store.images.getByKey('ds', 'a.jpg'))?.label).toBe('last');
  });

  it('reads back every field as written', async () => {
    const row = imageRow('ds', 'dir/ünï côdé.png', {
      size: 3_000_000_000,
      label: "it's",
      caption: 'a caption',
      tags: ['one', 'two'],
      blur: 0.25,
      ingestedAt: 1_712_345_678_901,
    });
    await store.images.upsert([row]);
    const back = await store.images.get('ds', row.id);
    expect(back).toEqual({ ...row, blur: expect.closeTo(0.25, 6) });
  });

  it('refuses a row whose id is not derived from its dataset and key', async () => {
    await expect(store.images.upsert([imageRow('ds', 'a.jpg', { id: 'f'.repeat(32) })])).rejects.toThrow(
      /imageId/,
    );
  });

  it('deleteKeys removes the images and their objects, and nothing else', async () => {
    const a = imageRow('ds', 'a.jpg');
    const b = imageRow('ds', 'b.jpg');
    const other = imageRow('other', 'a.jpg');
    await store.images.upsert([a, b, other]);
    await store.objects.replaceForImages(
      [a.id, b.id, other.id],
      [objectRow(a, 0), objectRow(a, 1), objectRow(b, 0), objectRow(other, 0)],
    );

    expect(await store.images.deleteKeys('ds', ['a.jpg', 'never-stored.jpg'])).toBe(1);
    expect(await store.images.getByKey('ds', 'a.jpg')).toBeUndefined();
    expect(await store.objects.forImage('ds', a.id)).toEqual([]);
    expect((await store.objects.forImage('ds', b.id)).map((o) => o.id)).toEqual([objectId(b.id, 0)]);
    expect(await store.images.getByKey('other', 'a.jpg')).toBeDefined();
    expect(await store.objects.count('other')).toBe(1);
  });

  it('keeps datasets apart', async () => {
    const near = unit([1, 0, 0, 0, 0, 0, 0, 0]);
    await store.images.upsert([
      imageRow('a', 'x.jpg', { vector: unit([1, 0.3, 0, 0, 0, 0, 0, 0]), label: 'cat' }),
      imageRow('b', 'x.jpg', { vector: near, label: 'cat' }),
      imageRow('b', 'y.jpg', { vector: near, label: 'cat' }),
    ]);
    const hits = await store.images.vectorSearch('a', near, { limit: 10 });
    expect(hits.map((hit) => hit.row.dataset)).toEqual(['a']);
    expect(await store.images.count('a')).toBe(1);
    expect(await store.images.count()).toBe(3);
    expect(await store.images.datasets()).toEqual(['a', 'b']);
    expect(await store.images.get('a', imageId('b', 'x.jpg'))).toBeUndefined();
    expect((await store.images.stats('a')).labels).toEqual({ cat: 1 });
  });

  it('vector search returns nearest first with cosine similarity, honouring exclude and filters', async () => {
    const query = unit([1, 0, 0, 0, 0, 0, 0, 0]);
    const angles = [0, 0.3, 0.6, 0.9, 1.2];
    await store.images.upsert(
      angles.map((angle, i) =>
        imageRow('ds', `img${i}.jpg`, {
          vector: unit([Math.cos(angle), Math.sin(angle), 0, 0, 0, 0, 0, 0]),
          label: i % 2 === 0 ? 'even' : 'odd',
        }),
      ),
    );
    const hits = await store.images.vectorSearch('ds', query, { limit: 3 });
    expect(hits.map((hit) => hit.row.key)).toEqual(['img0.jpg', 'img1.jpg', 'img2.jpg']);
    for (const [i, hit] of hits.entries()) expect(hit.score).toBeCloseTo(Math.cos(angles[i]), 5);

    const excluded = await store.images.vectorSearch('ds', query, {
      limit: 2,
      exclude: [imageId('ds', 'img0.jpg')],
    });
    expect(excluded.map((hit) => hit.row.key)).toEqual(['img1.jpg', 'img2.jpg']);

    const odd = await store.images.vectorSearch('ds', query, { limit: 5, where: where.eq('label', 'odd') });
    expect(odd.map((hit) => hit.row.key)).toEqual(['img1.jpg', 'img3.jpg']);
  });

  it('refuses a query vector of the wrong size, and bad limits', async () => {
    await store.images.upsert([imageRow('ds', 'a.jpg')]);
    await expect(store.images.vectorSearch('ds', new Float32Array(3))).rejects.toThrow(/3 dimensions.*8/);
    await expect(
      store.images.vectorSearch('ds', unit([1, 0, 0, 0, 0, 0, 0, 0]), { limit: 0 }),
    ).rejects.toThrow(/limit/);
    await expect(
      store.images.vectorSearch('ds', unit([1, 0, 0, 0, 0, 0, 0, 0]), { limit: 1e9 }),
    ).rejects.toThrow(/limit/);
  });

  it('scan streams the dataset in batches of the requested size', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => imageRow('ds', `k${String(i).padStart(3, '0')}.jpg`));
    // Several writes make several fragments, so batches have to be assembled across them.
    for (let i = 0; i < rows.length; i += 60) await store.images.upsert(rows.slice(i, i + 60));
    await store.images.upsert([imageRow('other', 'z.jpg')]);

    const batches = await collect(store.images.scan('ds', { columns: ['key', 'label'], batchSize: 100 }));
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(Object.keys(batches[0][0]).sort()).toEqual(['key', 'label']);
    const keys = batches.flat().map((row) => row.key);
    expect(new Set(keys)).toEqual(new Set(rows.map((row) => row.key)));

    const filtered = await collect(
      store.images.scan('ds', { columns: ['key'], where: where.prefix('key', 'k00') }),
    );
    expect(filtered.flat()).toHaveLength(10);
  });

  it('stats count labels and quality flags at the given thresholds', async () => {
    await store.images.upsert([
      imageRow('ds', 'a.jpg', { label: 'cat', blur: 0.9, dark: 0.2 }),
      imageRow('ds', 'b.jpg', { label: 'cat', blur: 0.4 }),
      imageRow('ds', 'c.jpg', { label: 'dog', dark: 0.7 }),
      imageRow('ds', 'd.jpg'),
    ]);
    const stats = await store.images.stats('ds');
    expect(stats).toMatchObject({ images: 4, labels: { cat: 2, dog: 1 }, unlabeled: 1 });
    expect(stats.quality).toMatchObject({ blur: 1, dark: 1, bright: 0 });
    const strict = await store.images.stats('ds', { blur: 0.3 });
    expect(strict.quality.blur).toBe(2);
    await expect(store.images.stats('ds', { blur: 2 })).rejects.toThrow(/blur threshold/);
  });

  it('lists a page in the requested order', async () => {
    await store.images.upsert(['c', 'a', 'd', 'b'].map((key) => imageRow('ds', key)));
    const page = await store.images.list('ds', { limit: 2, offset: 1, orderBy: { column: 'key' } });
    expect(page.map((row) => row.key)).toEqual(['b', 'c']);
  });

  it('answers empty on a store with nothing written', async () => {
    expect(await store.images.count()).toBe(0);
    expect(await store.images.datasets()).toEqual([]);
    expect(await store.images.existing('ds', ['a'])).toEqual(new Map());
    expect(await store.images.deleteKeys('ds', ['a'])).toBe(0);
    expect(await store.images.vectorSearch('ds', unit([1, 0]))).toEqual([]);
    expect(await store.images.textSearch('ds', 'cat')).toEqual([]);
    expect(await store.model()).toBeUndefined();
    expect(await store.schemaVersion()).toBeUndefined();
  });
});
