import { connect } from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { imageRecord } from '../../shared/store/convert.ts';
import { openStore } from '../../shared/store/open.ts';
import { arrowSchema, imagesSpec, MODEL_METADATA, type TableSpec } from '../../shared/store/schema.ts';
import { decodeUnjudged } from '../../shared/vocabulary/index.ts';
import { DIM, imageRow, MODEL, tempDir } from './helpers.ts';

/** The images table as viscura wrote it before it recorded which quality checks could not judge. */
const beforeUnjudged: TableSpec = {
  ...imagesSpec,
  columns: Object.fromEntries(
    Object.entries(imagesSpec.columns).filter(([name]) => name !== 'qualityUnjudged'),
  ),
};

describe('the images table records which quality checks could not judge', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('reads the reason back beside a score of 0', async () => {
    const temp = await tempDir();
    cleanups.push(temp.cleanup);
    const store = await openStore(temp.dir);
    const reasons = { blur: 'too small (120x90 < 192 px shortest side)' };
    await store.images.upsert([
      imageRow('d', 'tiny.jpg', { width: 120, height: 90, qualityUnjudged: JSON.stringify(reasons) }),
      imageRow('d', 'big.jpg', { qualityUnjudged: null }),
    ]);
    const tiny = await store.images.getByKey('d', 'tiny.jpg');
    expect(tiny?.blur).toBe(0);
    expect(decodeUnjudged(tiny?.qualityUnjudged)).toEqual(reasons);
    expect(decodeUnjudged((await store.images.getByKey('d', 'big.jpg'))?.qualityUnjudged)).toEqual({});
    store.close();
  });

  it('reads a store written before the column as judged, and writes to it', async () => {
    const temp = await tempDir();
    cleanups.push(temp.cleanup);
    const conn = await connect(temp.dir);
    const old = imageRow('d', 'old.jpg', { blur: 0.7 });
    const { qualityUnjudged: _absent, ...record } = imageRecord(old);
    await conn.createTable('images', [record], {
      schema: arrowSchema(beforeUnjudged, DIM, new Map([[MODEL_METADATA, MODEL]])),
    });
    conn.close();

    const store = await openStore(temp.dir);
    const read = await store.images.getByKey('d', 'old.jpg');
    expect(read?.blur).toBeCloseTo(0.7, 5);
    expect(decodeUnjudged(read?.qualityUnjudged)).toEqual({});
    await store.images.upsert([
      imageRow('d', 'new.jpg', {
        qualityUnjudged: JSON.stringify({ dark: 'too small (40x30 < 64 px shortest side)' }),
      }),
    ]);
    expect(decodeUnjudged((await store.images.getByKey('d', 'new.jpg'))?.qualityUnjudged)).toEqual({
      dark: 'too small (40x30 < 64 px shortest side)',
    });
    expect(decodeUnjudged((await store.images.getByKey('d', 'old.jpg'))?.qualityUnjudged)).toEqual({});
    store.close();
  });
});

describe('images.unjudged', () => {
  it('lists the images one check could not judge, not those of another check', async () => {
    const temp = await tempDir();
    const store = await openStore(temp.dir);
    try {
      const small = JSON.stringify({ blur: 'too small (100x80 < 192 px shortest side)' });
      const tiny = JSON.stringify({
        blur: 'too small (40x30 < 192 px shortest side)',
        dark: 'too small (40x30 < 64 px shortest side)',
      });
      await store.images.upsert([
        imageRow('d', 'b.jpg', { qualityUnjudged: small, label: 'cat' }),
        imageRow('d', 'a.jpg', { qualityUnjudged: tiny, label: 'dog' }),
        imageRow('d', 'c.jpg', { qualityUnjudged: null }),
        imageRow('e', 'a.jpg', { qualityUnjudged: tiny }),
      ]);
      const blur = await store.images.unjudged('d', 'blur', { limit: 10 });
      expect(blur.count).toBe(2);
      expect(blur.rows.map((row) => row.key)).toEqual(['a.jpg', 'b.jpg']);
      expect((await store.images.unjudged('d', 'dark', { limit: 10 })).rows.map((row) => row.key)).toEqual([
        'a.jpg',
      ]);
      expect((await store.images.unjudged('d', 'bright', { limit: 10 })).count).toBe(0);
      const cats = await store.images.unjudged('d', 'blur', { limit: 1, label: 'cat' });
      expect(cats).toMatchObject({ count: 1, rows: [{ key: 'b.jpg' }] });
    } finally {
      store.close();
      await temp.cleanup();
    }
  });
});
