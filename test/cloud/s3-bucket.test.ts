import { HeadObjectCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/index.ts';
import { createS3Bucket, createS3Client, parseS3Uri, type S3Bucket } from '../../shared/store/s3.ts';
import { type TempBucket, tempBucket } from './helpers.ts';

let temp: TempBucket;
let bucket: S3Bucket;
let rooted: S3Bucket;

beforeAll(async () => {
  temp = await tempBucket('bucket');
  const client = createS3Client(loadConfig({ env: temp.env }).s3);
  bucket = createS3Bucket(client, parseS3Uri(`s3://${temp.name}`));
  rooted = createS3Bucket(client, parseS3Uri(`s3://${temp.name}/team-a/`));
});
afterAll(() => temp.cleanup());

const text = (value: string) => new TextEncoder().encode(value);

describe('the S3 bucket', () => {
  it('writes, reads, streams, sizes and deletes objects; a missing key is undefined, not an error', async () => {
    await bucket.put('docs/a.txt', text('hello'), 'text/plain');
    expect(new TextDecoder().decode(await bucket.get('docs/a.txt'))).toBe('hello');
    const stream = await bucket.getStream?.('docs/a.txt');
    expect(new TextDecoder().decode(await new Response(stream).arrayBuffer())).toBe('hello');
    expect(await bucket.stat('docs/a.txt')).toEqual({ key: 'docs/a.txt', size: 5 });
    expect(await bucket.exists('docs/a.txt')).toBe(true);
    await bucket.delete('docs/a.txt');
    await bucket.delete('docs/a.txt');
    expect(await bucket.get('docs/a.txt')).toBeUndefined();
    expect(await bucket.getStream?.('docs/a.txt')).toBeUndefined();
    expect(await bucket.stat('docs/a.txt')).toBeUndefined();
  });

  it('uploads a large object in parts and reads back the same bytes', async () => {
    const bytes = new Uint8Array(20 * 1024 * 1024).map((_, i) => (i * 7) % 251);
    await bucket.put('big/blob.bin', bytes);
    const head = await temp.s3.send(new HeadObjectCommand({ Bucket: temp.name, Key: 'big/blob.bin' }));
    // A multipart upload's ETag ends in the number of parts: 20 MiB in 8 MiB parts is 3.
    expect(head.ETag).toMatch(/-3"$/);
    expect(
      Buffer.compare(Buffer.from((await bucket.get('big/blob.bin')) as Uint8Array), Buffer.from(bytes)),
    ).toBe(0);
  });

  it('lists page after page, in key order', async () => {
    const keys = Array.from({ length: 23 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
    const limit = pLimit(8);
    await Promise.all(keys.map((key) => limit(() => bucket.put(key, text(key)))));
    await bucket.put('many-more/x.txt', text('x'));
    let pages = 0;
    temp.s3.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'ListObjectsV2Command') pages += 1;
        return next(args);
      },
      { step: 'initialize' },
    );
    const paged = createS3Bucket(temp.s3, parseS3Uri(`s3://${temp.name}`), { listPageSize: 5 });
    const listed = [];
    for await (const entry of paged.list('many/')) listed.push(entry);
    expect(listed.map((entry) => entry.key)).toEqual(keys);
    expect(listed.every((entry) => entry.size === 13)).toBe(true);
    expect(pages).toBe(5);
  });

  it('keeps a prefixed bucket inside its prefix, with keys relative to it', async () => {
    await rooted.put('images/1.jpg', text('one'));
    expect(await temp.keys('team-a/')).toEqual(['team-a/images/1.jpg']);
    const listed = [];
    for await (const entry of rooted.list('')) listed.push(entry.key);
    expect(listed).toEqual(['images/1.jpg']);
    await expect(rooted.put('../escape.txt', text('x'))).rejects.toThrow(/".." segment/);
    expect(() => parseS3Uri('s3://Bad_Bucket/x')).toThrow(/not an S3 location/);
  });
});
