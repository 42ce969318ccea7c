import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
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
import { imageFragments } from './lance-stats.ts';

const run = promisify(execFile);
const WRITERS = 4;
const UPLOADS = 6;

let temp: TempBucket;
let fn: IngestFunction;
let dir: string;

beforeAll(async () => {
  temp = await tempBucket('writers');
  fn = await ingestFunction(temp.env);
  dir = await mkdtemp(join(tmpdir(), 'viscura-writers-'));
});
afterAll(async () => {
  await fn?.close();
  await temp?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it(`${WRITERS} function processes x ${UPLOADS} uploads each -> exactly ${WRITERS * UPLOADS} rows, and compaction keeps fragments down`, async () => {
  const limit = pLimit(8);
  const keys = Array.from({ length: WRITERS }, (_, w) =>
    Array.from({ length: UPLOADS }, (_, i) => `images/w${w}/${i}.png`),
  );
  await Promise.all(
    keys.flat().map((key, n) => limit(async () => temp.put(key, await scene(100 + n, 'polygons', 160, 120)))),
  );
  // One invocation per upload, as S3 -> Lambda delivers them; every writer compacts after its 3rd and 6th batch
  // while the others keep appending.
  await Promise.all(
    keys.map(async (own, w) => {
      const file = join(dir, `events-${w}.json`);
      await writeFile(file, JSON.stringify(own.map((key) => s3Event(s3Record(temp.name, key)))));
      const { stdout } = await run(
        process.execPath,
        ['bin/run-ts.mjs', 'test/cloud/handler-process.ts', file],
        {
          env: { ...process.env, ...temp.env, VISCURA_COMPACT_EVERY: '3' },
        },
      );
      const answers = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(answers.map((answer) => answer.ingested)).toEqual(Array(UPLOADS).fill(1));
    }),
  );

  const { store } = fn.runtime;
  expect(await store.images.count('default')).toBe(WRITERS * UPLOADS);
  const rows = await store.images.list('default', { limit: 1000 });
  expect(rows.map((row) => row.key).sort()).toEqual(keys.flat().sort());
  expect(await store.failures.count('default')).toBe(0);

  // Each append adds at least one fragment: without the writers' compactions there would be 24 or more.
  const afterWriters = await imageFragments(fn.runtime);
  expect(afterWriters).toBeLessThan(WRITERS * UPLOADS);
  await store.optimize();
  expect(await imageFragments(fn.runtime)).toBe(1);
  expect(await store.images.count('default')).toBe(WRITERS * UPLOADS);
});
