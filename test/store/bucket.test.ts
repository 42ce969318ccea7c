import { readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VisibleError } from '../../shared/errors/index.ts';
import type { Bucket } from '../../shared/store/bucket.ts';
import { createLocalBucket } from '../../shared/store/local-bucket.ts';
import { collect, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let bucket: Bucket;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('viscura-bucket-'));
  bucket = createLocalBucket(join(dir, 'bucket'));
});
afterEach(() => cleanup());

const bytes = (text: string) => new TextEncoder().encode(text);
const decode = (value: Uint8Array | undefined) =>
  value === undefined ? undefined : new TextDecoder().decode(value);

describe('local bucket', () => {
  it('puts, gets, overwrites and deletes', async () => {
    await bucket.put('thumbnails/ds/a.webp', bytes('first'), 'image/webp');
    expect(decode(await bucket.get('thumbnails/ds/a.webp'))).toBe('first');
    await bucket.put('thumbnails/ds/a.webp', bytes('second'));
    expect(decode(await bucket.get('thumbnails/ds/a.webp'))).toBe('second');
    expect(await bucket.exists('thumbnails/ds/a.webp')).toBe(true);
    await bucket.delete('thumbnails/ds/a.webp');
    await bucket.delete('thumbnails/ds/a.webp');
    expect(await bucket.exists('thumbnails/ds/a.webp')).toBe(false);
    expect(await bucket.get('thumbnails/ds/a.webp')).toBeUndefined();
    expect(await bucket.get('thumbnails')).toBeUndefined();
  });

  it('streams an object, and answers undefined for a missing one', async () => {
    await bucket.put('reports/2026-01-01/index.html', bytes('<html>report</html>'));
    const stream = await bucket.getStream?.('reports/2026-01-01/index.html');
    expect(stream).toBeDefined();
    const text = await new Response(stream).text();
    expect(text).toBe('<html>report</html>');
    expect(await bucket.getStream?.('reports/missing.html')).toBeUndefined();
  });

  it('lists by prefix in key order with sizes, leaving temp files out', async () => {
    for (const key of ['b/2.txt', 'a/1.txt', 'a/10.txt', 'a-b.txt', 'a/sub/3.txt', 'ab.txt'])
      await bucket.put(key, bytes(key));
    await writeFile(join(dir, 'bucket', 'a', '.viscura-tmp-half-written'), 'x');
    const all = await collect(bucket.list(''));
    expect(all.map((entry) => entry.key)).toEqual([
      'a-b.txt',
      'a/1.txt',
      'a/10.txt',
      'a/sub/3.txt',
      'ab.txt',
      'b/2.txt',
    ]);
    expect(all[1].size).toBe(7);
    expect((await collect(bucket.list('a/'))).map((entry) => entry.key)).toEqual([
      'a/1.txt',
      'a/10.txt',
      'a/sub/3.txt',
    ]);
    expect((await collect(bucket.list('a/1'))).map((entry) => entry.key)).toEqual(['a/1.txt', 'a/10.txt']);
    expect((await collect(bucket.list('a'))).map((entry) => entry.key)).toEqual([
      'a-b.txt',
      'a/1.txt',
      'a/10.txt',
      'a/sub/3.txt',
      'ab.txt',
    ]);
    expect(await collect(bucket.list('missing/'))).toEqual([]);
  });

  it('leaves no temp file behind after writes', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => bucket.put('same/key.bin', bytes(`v${i}`))));
    expect(await readdir(join(dir, 'bucket', 'same'))).toEqual(['key.bin']);
    expect(decode(await bucket.get('same/key.bin'))).toMatch(/^v\d+$/);
  });

  it('keeps unicode and spaces in keys', async () => {
    await bucket.put('ünï côdé/猫 1.jpg', bytes('cat'));
    expect(decode(await bucket.get('ünï côdé/猫 1.jpg'))).toBe('cat');
    expect((await collect(bucket.list('ünï'))).map((entry) => entry.key)).toEqual(['ünï côdé/猫 1.jpg']);
  });

  it('does not follow a symlink out of the bucket when listing', async () => {
    await bucket.put('in/a.txt', bytes('a'));
    await symlink(dir, join(dir, 'bucket', 'in', 'loop'));
    expect((await collect(bucket.list(''))).map((entry) => entry.key)).toEqual(['in/a.txt']);
  });

  it.each([
    ['', /empty/],
    ['../escape.txt', /"\.\." segment/],
    ['a/../../escape.txt', /"\.\." segment/],
    ['a/./b', /"\." segment/],
    ['/etc/passwd', /absolute/],
    ['C:/windows', /absolute/],
    ['a\\..\\b', /backslash/],
    ['a\0b', /NUL/],
    ['a//b', /empty path segment/],
    ['a/', /empty path segment/],
    ['a/.viscura-tmp-x', /reserved/],
    ['x'.repeat(1025), /longer than 1024/],
  ])('refuses the key %j', async (key, message) => {
    for (const attempt of [
      () => bucket.put(key, bytes('x')),
      () => bucket.get(key),
      () => bucket.exists(key),
      () => bucket.delete(key),
    ]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(VisibleError);
      expect((error as Error).message).toMatch(message);
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a listing prefix that climbs out', () => {
    expect(() => bucket.list('../')).toThrow(VisibleError);
  });
});
