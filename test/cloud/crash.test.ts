import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scene } from '../helpers/images.ts';
import {
  type IngestFunction,
  ingestFunction,
  s3Event,
  s3Record,
  type TempBucket,
  tempBucket,
} from './helpers.ts';

const IMAGES = 12;

let temp: TempBucket;
let fn: IngestFunction;
let dir: string;

beforeAll(async () => {
  temp = await tempBucket('crash');
  fn = await ingestFunction(temp.env);
  dir = await mkdtemp(join(tmpdir(), 'viscura-crash-'));
});
afterAll(async () => {
  await fn?.close();
  await temp?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('an embedder killed mid-batch: delivering the event again completes it, nothing lost or doubled', async () => {
  const keys = Array.from({ length: IMAGES }, (_, i) => `images/crash/${String(i).padStart(2, '0')}.png`);
  await Promise.all(keys.map(async (key, i) => temp.put(key, await scene(200 + i, 'checkers', 1200, 900))));
  const event = s3Event(...keys.map((key) => s3Record(temp.name, key)));
  const file = join(dir, 'event.json');
  await writeFile(file, JSON.stringify([event]));

  // Two images per batch, one decode at a time: rows land batch by batch, and the process dies after the first.
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/cloud/handler-process.ts', file], {
    env: { ...process.env, ...temp.env, VISCURA_BATCH_SIZE: '2', VISCURA_CONCURRENCY: '1' },
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const { store } = fn.runtime;
  let stored = 0;
  while (stored === 0 && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    stored = await store.images.count('default');
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const survived = await store.images.count('default');
  expect(survived).toBeGreaterThan(0);
  expect(survived).toBeLessThan(IMAGES);

  const report = await fn.handle(event);
  expect(report).toMatchObject({ ingested: IMAGES - survived, unchanged: survived, failed: [], retry: [] });
  const rows = await store.images.list('default', { limit: 100 });
  expect(rows.map((row) => row.key).sort()).toEqual(keys);
  expect(await temp.keys('thumbnails/')).toHaveLength(IMAGES);
  expect(await store.failures.count('default')).toBe(0);
});
