import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler, ingestOptions } from '../../shared/adapters/lambda/index.ts';
import { VisibleError } from '../../shared/errors/index.ts';
import { thumbnailKey } from '../../shared/ingest/index.ts';
import { imageId } from '../../shared/store/index.ts';
import { heic, scene, textFile, truncated } from '../helpers/images.ts';
import {
  type IngestFunction,
  ingestFunction,
  queryApi,
  s3Event,
  s3Record,
  sqsEvent,
  type TempBucket,
  tempBucket,
} from './helpers.ts';

let temp: TempBucket;
let fn: IngestFunction;
let api: Awaited<ReturnType<typeof queryApi>>;
const dataset = 'default';
const picture = (seed: number) => scene(seed, 'circles', 320, 240);
const created = (key: string) => s3Record(temp.name, key);
const removed = (key: string) => s3Record(temp.name, key, 'ObjectRemoved:Delete');

beforeAll(async () => {
  temp = await tempBucket('ingest');
  fn = await ingestFunction(temp.env);
  api = await queryApi(fn.runtime);
});
afterAll(async () => {
  api?.close();
  await fn?.close();
  await temp?.cleanup();
});

/** Everything a refused event must leave alone. */
async function snapshot() {
  const { store } = fn.runtime;
  return {
    images: await store.images.count(dataset),
    failures: await store.failures.count(dataset),
    objects: await temp.keys(),
  };
}

describe('the ingest function on radosgw', () => {
  it('makes an uploaded image searchable through the API, labelled by its folder', async () => {
    const cat = await picture(1);
    await temp.put('images/cats/a.png', cat);
    await temp.put('images/dogs/b.png', await picture(2));
    const report = await fn.handle(s3Event(created('images/cats/a.png'), created('images/dogs/b.png')));
    expect(report).toMatchObject({ ingested: 2, unchanged: 0, failed: [], retry: [], rejected: [] });

    const hits = await api.similarTo(cat);
    expect(hits[0]).toMatchObject({ key: 'images/cats/a.png' });
    expect(hits[0].score).toBeGreaterThan(0.99);
    expect((await fn.runtime.store.images.getByKey(dataset, 'images/cats/a.png'))?.label).toBe('cats');
    expect(await temp.keys('thumbnails/')).toContain(
      thumbnailKey(dataset, imageId(dataset, 'images/cats/a.png')),
    );
  });

  it('ingests an iPhone HEIC upload and finds it from an uploaded HEIC', async () => {
    const photo = await heic(await picture(3));
    await temp.put('images/phone/IMG_0001.HEIC', photo);
    const report = await fn.handle(s3Event(created('images/phone/IMG_0001.HEIC')));
    expect(report).toMatchObject({ ingested: 1, failed: [] });
    expect(await fn.runtime.store.images.getByKey(dataset, 'images/phone/IMG_0001.HEIC')).toMatchObject({
      format: 'heic',
      width: 320,
      height: 240,
    });
    const hits = await api.similarTo(photo);
    expect(hits[0]).toMatchObject({ key: 'images/phone/IMG_0001.HEIC' });
  });

  it('writes one row when the same event is delivered twice, directly or in one queue batch', async () => {
    await temp.put('images/twice.png', await picture(3));
    const event = s3Event(created('images/twice.png'));
    expect(await fn.handle(event)).toMatchObject({ ingested: 1 });
    expect(await fn.handle(event)).toMatchObject({ ingested: 0, unchanged: 1 });
    expect(await fn.handle(sqsEvent([event, event]))).toEqual({ batchItemFailures: [] });
    const rows = await fn.runtime.store.images.list(dataset, { limit: 100 });
    expect(rows.filter((row) => row.key === 'images/twice.png')).toHaveLength(1);
  });

  it('deletes the rows and thumbnail of a removed object, and a late created event brings nothing back', async () => {
    const key = 'images/gone.png';
    const bytes = await picture(4);
    await temp.put(key, bytes);
    await fn.handle(s3Event(created(key)));
    expect((await api.similarTo(bytes))[0].key).toBe(key);

    await temp.s3.send(new DeleteObjectCommand({ Bucket: temp.name, Key: key }));
    expect(await fn.handle(s3Event(removed(key)))).toMatchObject({ removed: 1 });
    expect(await fn.runtime.store.images.getByKey(dataset, key)).toBeUndefined();
    expect(await temp.keys(thumbnailKey(dataset, imageId(dataset, key)))).toEqual([]);
    expect((await api.similarTo(bytes)).map((hit) => hit.key)).not.toContain(key);

    // S3 may deliver the creation after the removal: the object's current state wins.
    expect(await fn.handle(s3Event(created(key)))).toMatchObject({ ingested: 0, removed: 1 });
    expect(await fn.runtime.store.images.getByKey(dataset, key)).toBeUndefined();
  });

  it('removes the rows again when the object is deleted while it is being ingested', async () => {
    const key = 'images/racing.png';
    await temp.put(key, await picture(9));
    const options = ingestOptions(fn.runtime);
    const { bucket } = options.target;
    // The upload is deleted right after the function has read it, before its rows are committed.
    const racing = {
      ...bucket,
      async getStream(name: string) {
        const stream = await bucket.getStream?.(name);
        await temp.s3.send(new DeleteObjectCommand({ Bucket: temp.name, Key: name }));
        return stream;
      },
    };
    const handle = createIngestHandler({ ...options, target: { ...options.target, bucket: racing } });
    expect(await handle(s3Event(created(key)))).toMatchObject({ ingested: 0, removed: 1 });
    expect(await fn.runtime.store.images.getByKey(dataset, key)).toBeUndefined();
  });

  it('records a corrupt upload as failed with its reason, and the rest of the batch goes on', async () => {
    const before = await fn.runtime.store.images.count(dataset);
    await temp.put('images/good.png', await picture(5));
    await temp.put('images/cut.png', truncated(await picture(6), 0.4));
    await temp.put('images/notes.png', textFile());
    const answer = await fn.handle(
      sqsEvent([
        s3Event(created('images/cut.png')),
        s3Event(created('images/good.png')),
        s3Event(created('images/notes.png')),
      ]),
    );
    // A corrupt file will not get better by retrying: its message is done with, not returned to the queue.
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(await fn.runtime.store.images.count(dataset)).toBe(before + 1);
    const failures = await fn.runtime.store.failures.list(dataset);
    expect(failures.map((failure) => failure.key).sort()).toEqual(['images/cut.png', 'images/notes.png']);
    for (const failure of failures) expect(failure.reason.length).toBeGreaterThan(10);
  });

  it('refuses keys outside the watched prefixes and malformed events without touching anything', async () => {
    await temp.put('uploads/elsewhere.png', await picture(7));
    const before = await snapshot();
    const report = await fn.handle(
      s3Event(
        created('uploads/elsewhere.png'),
        s3Record('another-bucket', 'images/x.png'),
        created('thumbnails/default/x.webp'),
      ),
    );
    expect(report).toMatchObject({ ingested: 0, removed: 0, failed: [], retry: [] });
    expect('rejected' in report && report.rejected.map((rejection) => rejection.key)).toEqual([
      'uploads/elsewhere.png',
      'images/x.png',
      'thumbnails/default/x.webp',
    ]);
    await expect(
      fn.handle({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put' }] }),
    ).rejects.toThrow(VisibleError);
    expect(await fn.handle(sqsEvent(['{"not": "an s3 event"}']))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-0' }],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('leaves the keys to a redelivery when the model fails, without recording them as broken', async () => {
    const options = ingestOptions(fn.runtime);
    const failing = createIngestHandler({
      ...options,
      target: { ...options.target, embedder: async () => Promise.reject(new Error('model unavailable')) },
    });
    await temp.put('images/later.png', await picture(8));
    const event = sqsEvent([s3Event(created('images/later.png'))]);
    expect(await failing(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    await expect(failing(s3Event(created('images/later.png')))).rejects.toThrow(
      /need the event again.*model unavailable/,
    );
    expect(await fn.runtime.store.failures.list(dataset)).not.toContainEqual(
      expect.objectContaining({ key: 'images/later.png' }),
    );
    expect(await fn.handle(event)).toEqual({ batchItemFailures: [] });
    expect(await fn.runtime.store.images.getByKey(dataset, 'images/later.png')).toBeDefined();
  });
});
