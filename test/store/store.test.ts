import { connect } from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { VisibleError } from '../../shared/errors/index.ts';
import { openStore } from '../../shared/store/open.ts';
import { SCHEMA_VERSION } from '../../shared/store/types.ts';
import { imageRow, objectRow, randomVector, tempStore } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function fresh() {
  const temp = await tempStore();
  cleanups.push(temp.cleanup);
  return temp;
}

describe('model of the stored vectors', () => {
  it('is recorded by the first write and reported', async () => {
    const { store } = await fresh();
    await store.images.upsert([imageRow('ds', 'a.jpg')]);
    expect(await store.model()).toEqual({ id: 'test-model', dimension: 8 });
    await expect(store.assertModel({ id: 'test-model', dimension: 8 })).resolves.toBeUndefined();
  });

  it('refuses vectors of another model, naming reembed', async () => {
    const { store } = await fresh();
    await store.images.upsert([imageRow('ds', 'a.jpg')]);
    const other = imageRow('ds', 'b.jpg', { model: 'clip-vit-b32' });
    const error = await store.images.upsert([other]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VisibleError);
    expect((error as Error).message).toMatch(
      /"test-model".*viscura reembed --model clip-vit-b32.*another data dir/,
    );
    await expect(store.assertModel({ id: 'clip-vit-b32', dimension: 8 })).rejects.toThrow(/reembed/);
    expect(await store.images.count()).toBe(1);
  });

  it('refuses vectors of another dimension, in objects too', async () => {
    const { store } = await fresh();
    const image = imageRow('ds', 'a.jpg');
    await store.images.upsert([image]);
    await expect(
      store.images.upsert([imageRow('ds', 'b.jpg', { vector: randomVector(1, 16) })]),
    ).rejects.toThrow(/8 dimensions.*\(16\).*reembed/);
    await expect(
      store.objects.replaceForImages([image.id], [objectRow(image, 0, { vector: randomVector(2, 16) })]),
    ).rejects.toThrow(/reembed/);
  });

  it('refuses a batch that mixes models', async () => {
    const { store } = await fresh();
    await expect(
      store.images.upsert([imageRow('ds', 'a.jpg'), imageRow('ds', 'b.jpg', { model: 'other' })]),
    ).rejects.toThrow(/mixes vectors/);
    expect(await store.model()).toBeUndefined();
  });

  it('is seen by another process that opens the store later', async () => {
    const { store, dir } = await fresh();
    await store.objects.replaceForImages(
      ['x'.repeat(32)],
      [objectRow(imageRow('ds', 'a.jpg', { id: 'x'.repeat(32) }), 0)],
    );
    const again = await openStore(dir);
    try {
      expect(await again.model()).toEqual({ id: 'test-model', dimension: 8 });
      await expect(again.images.upsert([imageRow('ds', 'a.jpg', { model: 'other' })])).rejects.toThrow(
        /reembed/,
      );
    } finally {
      again.close();
    }
  });
});

describe('schema version', () => {
  it('is recorded with the first write', async () => {
    const { store, dir } = await fresh();
    await store.failures.record({ dataset: 'ds', key: 'x', sha256: null, reason: 'empty file', at: 1 });
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    const reopened = await openStore(dir);
    expect(await reopened.schemaVersion()).toBe(SCHEMA_VERSION);
    reopened.close();
  });

  it('a store written by a newer viscura is refused with a clear message', async () => {
    const { store, dir } = await fresh();
    await store.images.upsert([imageRow('ds', 'a.jpg')]);
    const db = await connect(dir);
    const meta = await db.openTable('meta');
    await meta.update({ values: { value: String(SCHEMA_VERSION + 1) }, where: "key = 'schemaVersion'" });
    db.close();
    const error = await openStore(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VisibleError);
    expect((error as Error).message).toMatch(
      /newer viscura \(store schema 2; this one reads up to 1\).*Upgrade/,
    );
  });
});
