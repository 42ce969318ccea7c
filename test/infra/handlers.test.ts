import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePartial, writeSnapshot } from '../../shared/cloud/fanout/index.ts';
import { buildKnnGraph, inMemorySource } from '../../shared/curate/knn/index.ts';
import { createLocalBucket } from '../../shared/store/index.ts';
import { clusteredVectors } from '../cloud/fanout-fixtures.ts';

const run = promisify(execFile);

/**
 * Calls an export of the image's entry module in a fresh node process, the way Lambda's Node runtime does
 * (import the file, call the export with the event), with the image's working directory: the repository root.
 */
async function invoke(root: string, name: string, event: unknown): Promise<{ ok: boolean; value: unknown }> {
  const script = `
    const entry = await import('./infra/lambda/handlers.mjs');
    try {
      const value = await entry[${JSON.stringify(name)}](${JSON.stringify(event)}, { awsRequestId: 'test' });
      console.log(JSON.stringify({ ok: true, value }));
    } catch (error) {
      console.log(JSON.stringify({ ok: false, value: error.message }));
    }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, VISCURA_DATA_DIR: root, VISCURA_LOG_LEVEL: 'silent' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

describe('the image entry module, called as Lambda calls it', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'viscura-entry-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('curateShard scores its rows and writes them to the bucket', async () => {
    const dimension = 16;
    const data = clusteredVectors(300, dimension);
    const bucket = createLocalBucket(join(root, 'bucket'));
    await writeSnapshot(bucket, 'curation/run-entry/images', { count: 300, dimension, data }, 64);
    const task = { version: 1, prefix: 'curation/run-entry/images', shard: 1, start: 128, end: 256, k: 5 };
    const answer = await invoke(root, 'curateShard', task);
    expect(answer).toMatchObject({ ok: true, value: { shard: 1, rows: 128, pairs: 128 * 300 } });
    const key = (answer.value as { key: string }).key;
    const partial = decodePartial((await bucket.get(key)) as Uint8Array, key);
    const expected = await buildKnnGraph(inMemorySource(data, dimension), { k: 5, method: 'exact' });
    expect(partial.neighbors).toEqual(expected.graph.neighbors.subarray(128 * 5, 256 * 5));
  });

  it('curate runs over an empty store and records the run in the bucket', async () => {
    const answer = await invoke(root, 'curate', {});
    expect(answer.ok).toBe(true);
    const { runId, status, record, fanout } = answer.value as Record<string, unknown>;
    expect(status).toBe('finished');
    expect(fanout).toEqual([]);
    expect(record).toBe(`curation/${runId}/run.json`);
    expect(await createLocalBucket(join(root, 'bucket')).exists(record as string)).toBe(true);
  });

  it('ingest loads and refuses a bucket that is not on S3, saying which setting to change', async () => {
    const answer = await invoke(root, 'ingest', { Records: [] });
    expect(answer).toEqual({ ok: false, value: expect.stringMatching(/set VISCURA_BUCKET to s3:\/\//) });
  });

  it('a malformed shard task is refused before anything is read', async () => {
    const answer = await invoke(root, 'curateShard', {
      version: 1,
      prefix: '../etc',
      shard: 0,
      start: 0,
      end: 1,
      k: 5,
    });
    expect(answer.ok).toBe(false);
    expect(String(answer.value)).toMatch(/curation\/<runId>\/<kind> prefix/);
  });
});
