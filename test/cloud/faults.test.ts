import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/index.ts';
import { createS3Bucket, createS3Client, parseS3Uri } from '../../shared/store/s3.ts';
import { scene } from '../helpers/images.ts';
import { type Fault, type Seen, startFaultProxy } from './fault-proxy.ts';
import { cloud, ingestFunction, s3Event, s3Record, type TempBucket, tempBucket } from './helpers.ts';

let temp: TempBucket;

beforeAll(async () => {
  temp = await tempBucket('faults');
});
afterAll(() => temp?.cleanup());

/** The gaps between the attempts at one request, in ms, after each injected failure. */
function retryGaps(seen: Seen[], method: string, path: string): number[] {
  const attempts = seen.filter((entry) => entry.method === method && entry.path === path);
  return attempts.slice(1).map((entry, i) => entry.at - attempts[i].at);
}

describe('S3 errors injected between viscura and radosgw', () => {
  it('throttling and 500s are retried with a growing backoff, and only because of the retries does the read succeed', async () => {
    await temp.put('docs/report.txt', new TextEncoder().encode('fine'));
    const path = `/${temp.name}/docs/report.txt`;
    const faults: Fault[] = [
      { method: 'GET', path: new RegExp(`^${path}$`), status: 503, code: 'SlowDown', times: 2 },
      { method: 'GET', path: new RegExp(`^${path}$`), status: 500, code: 'InternalError', times: 1 },
    ];
    const proxy = await startFaultProxy(cloud().s3Endpoint, faults);
    try {
      const through = (maxAttempts: number) => {
        const settings = loadConfig({ env: { ...temp.env, VISCURA_S3_ENDPOINT: proxy.endpoint } }).s3;
        return createS3Bucket(createS3Client({ ...settings, maxAttempts }), parseS3Uri(`s3://${temp.name}`));
      };
      expect(new TextDecoder().decode(await through(6).get('docs/report.txt'))).toBe('fine');
      const gaps = retryGaps(proxy.seen, 'GET', path);
      expect(proxy.seen.filter((entry) => entry.path === path).map((entry) => entry.injected)).toEqual([
        503,
        503,
        500,
        undefined,
      ]);
      // Throttling waits from a 1 s base (0.5-1 s, then 1-2 s); a 500 from 50 ms (its third step: 100-200 ms).
      expect(gaps[0]).toBeGreaterThanOrEqual(490);
      expect(gaps[1]).toBeGreaterThanOrEqual(990);
      expect(gaps[2]).toBeGreaterThanOrEqual(95);

      const once: Fault = { ...faults[0], times: 1 };
      const strict = await startFaultProxy(cloud().s3Endpoint, [once]);
      try {
        const settings = loadConfig({ env: { ...temp.env, VISCURA_S3_ENDPOINT: strict.endpoint } }).s3;
        const bucket = createS3Bucket(
          createS3Client({ ...settings, maxAttempts: 1 }),
          parseS3Uri(`s3://${temp.name}`),
        );
        await expect(bucket.get('docs/report.txt')).rejects.toMatchObject({ name: 'SlowDown' });
      } finally {
        await strict.close();
      }
    } finally {
      await proxy.close();
    }
  });

  it('the ingest function completes through failing reads, lookups, thumbnail writes and table writes', async () => {
    const keys = ['images/f/0.png', 'images/f/1.png', 'images/f/2.png', 'images/f/3.png'];
    for (const [i, key] of keys.entries()) await temp.put(key, await scene(300 + i, 'gradients', 320, 240));
    const bucket = temp.name;
    // Tables that exist already, so the function must read them (versions, manifests, data) as well as write.
    const first = await ingestFunction(temp.env);
    await first.handle(s3Event(s3Record(bucket, keys[0])));
    await first.close();
    const faults: Fault[] = [
      {
        method: 'HEAD',
        path: new RegExp(`^/${bucket}/images/f/1\\.png$`),
        status: 500,
        code: 'InternalError',
        times: 1,
      },
      {
        method: 'GET',
        path: new RegExp(`^/${bucket}/images/f/2\\.png$`),
        status: 503,
        code: 'SlowDown',
        times: 2,
      },
      {
        method: 'PUT',
        path: new RegExp(`^/${bucket}/thumbnails/`),
        status: 500,
        code: 'InternalError',
        times: 2,
      },
      // LanceDB's own requests: data files, manifests and the conditional commit PUTs.
      { method: 'PUT', path: new RegExp(`^/${bucket}/db/`), status: 503, code: 'SlowDown', times: 3 },
      { method: 'GET', path: new RegExp(`^/${bucket}/db/`), status: 500, code: 'InternalError', times: 2 },
      { method: 'GET', path: new RegExp(`^/${bucket}$`), status: 503, code: 'SlowDown', times: 1 },
    ];
    const proxy = await startFaultProxy(cloud().s3Endpoint, faults);
    const fn = await ingestFunction({ ...temp.env, VISCURA_S3_ENDPOINT: proxy.endpoint });
    try {
      const report = await fn.handle(s3Event(...keys.map((key) => s3Record(bucket, key))));
      expect(report).toMatchObject({ ingested: 3, unchanged: 1, failed: [], retry: [] });
      expect(proxy.left()).toEqual([0, 0, 0, 0, 0, 0]);
      const rows = await fn.runtime.store.images.list('default', { limit: 10 });
      expect(rows.map((row) => row.key).sort()).toEqual(keys);
      // Every injected failure was followed by the same request again.
      for (const [i, entry] of proxy.seen.entries()) {
        if (!entry.injected) continue;
        const retried = proxy.seen
          .slice(i + 1)
          .some((later) => later.method === entry.method && later.path === entry.path);
        expect(retried, `${entry.method} ${entry.path}`).toBe(true);
      }
    } finally {
      await fn.close();
      await proxy.close();
    }
  });
});
