import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scene } from '../helpers/images.ts';
import {
  type IngestFunction,
  ingestFunction,
  s3Event,
  s3Record,
  sqsEvent,
  type TempBucket,
  tempBucket,
} from './helpers.ts';

/** Bring your own embeddings in the cloud: vectors arrive as `<key>.embedding.json` beside each image. */
let temp: TempBucket;
let fn: IngestFunction;
const dataset = 'default';
const MODEL = 'team-encoder-v2';
const created = (key: string) => s3Record(temp.name, key);
const sidecar = (vector: unknown, model: string = MODEL) =>
  new TextEncoder().encode(JSON.stringify({ vector, model }));
const unit = (axis: number) => Array.from({ length: 6 }, (_, i) => (i === axis ? 1 : 0));

beforeAll(async () => {
  temp = await tempBucket('vectors');
  fn = await ingestFunction({ ...temp.env, VISCURA_VECTORS_MODEL: MODEL });
});
afterAll(async () => {
  await fn?.close();
  await temp?.cleanup();
});

describe('the ingest function with supplied vectors', () => {
  it('waits for an image sidecar, then stores its vector; whichever lands last completes it, once', async () => {
    await temp.put('images/a.png', await scene(1, 'circles', 160, 120));
    const early = await fn.handle(s3Event(created('images/a.png')));
    expect(early).toMatchObject({ ingested: 0, retry: [] });
    expect(early).toMatchObject({
      failed: [
        {
          key: 'images/a.png',
          reason: expect.stringMatching(
            /^no vector supplied for this image: .*upload images\/a.png.embedding.json, and/,
          ),
        },
      ],
    });
    expect(await fn.runtime.store.images.count(dataset)).toBe(0);

    await temp.put('images/a.png.embedding.json', sidecar(unit(0)));
    const event = s3Event(created('images/a.png.embedding.json'));
    expect(await fn.handle(event)).toMatchObject({ ingested: 1, failed: [], retry: [], rejected: [] });
    const row = await fn.runtime.store.images.getByKey(dataset, 'images/a.png');
    expect(row?.model).toBe(MODEL);
    expect([...(row?.vector ?? [])]).toEqual(unit(0));
    expect(await fn.runtime.store.model()).toEqual({ id: MODEL, dimension: 6 });
    expect(await fn.runtime.store.failures.count(dataset)).toBe(0);

    // Redelivered, directly and in one queue batch with the image's own event: nothing is written twice.
    expect(await fn.handle(event)).toMatchObject({ ingested: 0, unchanged: 1 });
    expect(await fn.handle(sqsEvent([event, s3Event(created('images/a.png'))]))).toEqual({
      batchItemFailures: [],
    });
    const rows = await fn.runtime.store.images.list(dataset, { limit: 100 });
    expect(rows.filter((stored) => stored.key === 'images/a.png')).toHaveLength(1);
  });

  it('fails each image whose sidecar is unusable with the reason, and ingests the others of the batch', async () => {
    const keys = ['images/b.png', 'images/c.png', 'images/d.png', 'images/e.png'];
    for (const [i, key] of keys.entries()) await temp.put(key, await scene(10 + i, 'circles', 160, 120));
    await temp.put('images/b.png.embedding.json', sidecar(unit(1)));
    await temp.put('images/c.png.embedding.json', sidecar([1, 0, 0]));
    await temp.put('images/d.png.embedding.json', sidecar(unit(2), 'some-other-model'));
    await temp.put(
      'images/e.png.embedding.json',
      new TextEncoder().encode('{"vector": [1, 0, NaN, 0, 0, 0]}'),
    );
    const report = await fn.handle(s3Event(...keys.map(created)));
    expect(report).toMatchObject({ ingested: 1, retry: [] });
    const reasons = Object.fromEntries(
      (report as { failed: { key: string; reason: string }[] }).failed.map((item) => [item.key, item.reason]),
    );
    expect(reasons).toEqual({
      'images/c.png': expect.stringMatching(/has 3 values; "team-encoder-v2" vectors have 6/),
      'images/d.png': expect.stringMatching(/of model "some-other-model", not "team-encoder-v2"/),
      'images/e.png': expect.stringMatching(/e.png.embedding.json is not JSON/),
    });
    expect((await fn.runtime.store.images.getByKey(dataset, 'images/b.png'))?.model).toBe(MODEL);
  });

  it('refuses a Parquet file dropped among the images, touching nothing', async () => {
    await temp.put('images/embeddings.parquet', new Uint8Array([80, 65, 82, 49]));
    const report = await fn.handle(s3Event(created('images/embeddings.parquet')));
    expect(report).toMatchObject({
      ingested: 0,
      failed: [],
      rejected: [
        { key: 'images/embeddings.parquet', reason: expect.stringMatching(/embedding.json sidecars/) },
      ],
    });
  });
});
