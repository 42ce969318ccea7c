import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodePartial,
  encodePartial,
  FunctionFailed,
  fanOutKnn,
  fanoutSettings,
  lambdaInvoker,
  planShards,
  runShard,
  shardTask,
  shouldFanOut,
} from '../../shared/cloud/fanout/index.ts';
import { curateDataset } from '../../shared/curate/index.ts';
import { buildKnnGraph, inMemorySource } from '../../shared/curate/knn/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { type Bucket, type CurationRow, createLocalBucket } from '../../shared/store/index.ts';
import { type Workspace, workspace, writeDataset } from '../curate/run-fixtures.ts';
import { clusteredVectors, type StandIn, startStandIn } from './fanout-fixtures.ts';

describe('shard plan', () => {
  it('splits the rows into contiguous block-aligned ranges that cover every row once', () => {
    const settings = fanoutSettings({
      functionName: 'shard',
      blockRows: 100,
      pairsPerShard: 1e5,
      maxShards: 7,
    });
    const ranges = planShards(2_345, settings);
    expect(ranges.length).toBe(7);
    expect(ranges[0].start).toBe(0);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i].start).toBe(ranges[i - 1].end);
    expect(ranges.at(-1)?.end).toBe(2_345);
    for (const range of ranges) expect(range.start % 100).toBe(0);
    const blocks = ranges.map((range) => Math.ceil((range.end - range.start) / 100));
    expect(Math.max(...blocks) - Math.min(...blocks)).toBeLessThanOrEqual(1);
    // Fewer pairs wanted than the cap allows: one shard per 4 million pairs.
    expect(planShards(4_000, fanoutSettings({ blockRows: 100, pairsPerShard: 4e6 })).length).toBe(4);
  });

  it('fans out only with a shard function and between the row bounds', () => {
    const settings = fanoutSettings({ functionName: 'shard', minRows: 1_000, maxRows: 10_000 });
    expect([999, 1_000, 10_000, 10_001].map((n) => shouldFanOut(n, settings))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(shouldFanOut(5_000, fanoutSettings({ minRows: 1_000 }))).toBe(false);
  });

  it('names the environment variable of a bad setting', async () => {
    const { loadConfig } = await import('../../shared/config/index.ts');
    expect(() => loadConfig({ env: { VISCURA_FANOUT_CONCURRENCY: 'lots' } })).toThrow(
      /VISCURA_FANOUT_CONCURRENCY/,
    );
    expect(loadConfig({ env: { VISCURA_FANOUT_PAIRS_PER_SHARD: '4e6' } }).cloud.fanout.pairsPerShard).toBe(
      4e6,
    );
  });
});

describe('a fanned-out kNN graph', () => {
  let root: string;
  let bucket: Bucket;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'viscura-fanout-'));
    bucket = createLocalBucket(root);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('equals the in-process exact graph, exact copies included', async () => {
    const dimension = 32;
    const data = clusteredVectors(2_000, dimension);
    const source = inMemorySource(data, dimension);
    const expected = await buildKnnGraph(source, { k: 10, method: 'exact' });
    const settings = fanoutSettings({ functionName: 'shard', blockRows: 128, pairsPerShard: 7e5 });
    const invoke = (task: unknown) => runShard(bucket, shardTask.parse(task), 1);
    const built = await fanOutKnn(
      { bucket, invoke, settings, log: silentLogger },
      source,
      { k: 10 },
      {
        runId: 'run-graph',
        kind: 'image',
      },
    );
    expect(built.fanout.shards).toBe(6);
    expect(built.graph.n).toBe(2_000);
    expect(built.graph.neighbors).toEqual(expected.graph.neighbors);
    expect(built.graph.similarities).toEqual(expected.graph.similarities);
    const left = [];
    for await (const entry of bucket.list('curation/run-graph/')) left.push(entry.key);
    // The vector blocks are gone after the merge; the shards' rows stay with the run.
    expect(left).toEqual(Array.from({ length: 6 }, (_, i) => `curation/run-graph/images/shard-000${i}.bin`));
  });

  it('breaks ties between exact copies by row, however the rows were split', async () => {
    const dimension = 16;
    const data = clusteredVectors(600, dimension, 3);
    // 40 copies of one row, spread over several blocks and shards: every copy has 39 neighbours at 1.0.
    const copies = Array.from({ length: 40 }, (_, i) => 5 + i * 13);
    for (const row of copies) data.set(data.subarray(0, dimension), row * dimension);
    const source = inMemorySource(data, dimension);
    const expected = await buildKnnGraph(source, { k: 10, method: 'exact' });
    const settings = fanoutSettings({ functionName: 'shard', blockRows: 64, pairsPerShard: 1e5 });
    const invoke = (task: unknown) => runShard(bucket, shardTask.parse(task), 1);
    const built = await fanOutKnn(
      { bucket, invoke, settings, log: silentLogger },
      source,
      { k: 10 },
      {
        runId: 'run-ties',
        kind: 'object',
      },
    );
    expect(built.graph.neighbors).toEqual(expected.graph.neighbors);
    const row = copies[20];
    const lowest = [0, ...copies].filter((other) => other !== row).slice(0, 10);
    expect(Array.from(built.graph.neighbors.subarray(row * 10, row * 10 + 10))).toEqual(lowest);
  });

  it('refuses a shard object that was cut short, naming it', async () => {
    const partial = {
      start: 0,
      rows: 2,
      k: 2,
      neighbors: Int32Array.from([1, -1, 0, -1]),
      similarities: Float32Array.from([0.5, Number.NEGATIVE_INFINITY, 0.5, Number.NEGATIVE_INFINITY]),
    };
    const bytes = encodePartial(partial);
    expect(decodePartial(bytes, 'k')).toEqual(partial);
    expect(() =>
      decodePartial(bytes.subarray(0, bytes.length - 4), 'curation/x/images/shard-0001.bin'),
    ).toThrow(/shard-0001\.bin holds 48 bytes, not the 52/);
  });
});

describe('scheduled curation through the local Lambda Invoke API', () => {
  const DATASET = 'default';
  let ws: Workspace;
  let standIn: StandIn;
  let curate: ReturnType<typeof lambdaInvoker>;

  beforeAll(async () => {
    ws = await workspace();
    await writeDataset(join(ws.root, 'photos'));
    expect((await ws.ingest(join(ws.root, 'photos'))).failed).toEqual([]);
    standIn = await startStandIn();
    // The functions read their configuration from the environment, as on Lambda.
    Object.assign(process.env, {
      VISCURA_DATA_DIR: ws.root,
      VISCURA_LOG_LEVEL: 'silent',
      VISCURA_SHARD_FUNCTION: 'curate-shard',
      VISCURA_LAMBDA_ENDPOINT: standIn.endpoint,
      VISCURA_FANOUT_MIN_ROWS: '0',
      VISCURA_FANOUT_BLOCK_ROWS: '8',
      VISCURA_FANOUT_PAIRS_PER_SHARD: '300',
      VISCURA_FANOUT_RETRY_DELAY_MS: '10',
    });
    curate = lambdaInvoker({
      functionName: 'curate',
      region: 'us-east-1',
      endpoint: standIn.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    await standIn?.close();
    await ws?.close();
  });

  it('gives the same results as the in-process run, retrying a shard that died', async () => {
    const local = await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
    standIn.failing.set(1, 1);
    const answer = (await curate({})) as {
      runId: string;
      status: string;
      report: string;
      record: string;
      fanout: { kind: string; rows: number; shards: number; retried: number }[];
    };
    expect(answer.status).toBe('finished');
    const images = answer.fanout.find((entry) => entry.kind === 'image');
    expect(images).toMatchObject({ rows: local.run.counts.images, retried: 1 });
    expect(images?.shards).toBeGreaterThan(2);
    expect(standIn.shardCalls.filter((shard) => shard === 1).length).toBe(3); // images twice, objects once

    expect(await rowsOf(answer.runId)).toEqual(await rowsOf(local.run.runId));
    const remote = await ws.deps.curation.run(answer.runId);
    expect(remote?.counts).toEqual(local.run.counts);

    const record = JSON.parse(new TextDecoder().decode(await ws.deps.bucket.get(answer.record)));
    expect(record.run.runId).toBe(answer.runId);
    expect(record.fanout.map((entry: { kind: string }) => entry.kind)).toEqual(['image', 'object']);
    expect(await ws.deps.bucket.exists(answer.report)).toBe(true);
    expect(await ws.deps.bucket.exists(record.report.latest.html)).toBe(true);
    expect(await ws.deps.bucket.exists(`curation/${answer.runId}/images/vectors.json`)).toBe(false);
    expect(await ws.deps.bucket.exists(`curation/${answer.runId}/objects/shard-0000.bin`)).toBe(true);
  });

  it('fails the run, naming the shard, when a shard fails every attempt', async () => {
    standIn.failing.set(0, 100);
    const error = await curate({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FunctionFailed);
    expect((error as Error).message).toMatch(
      /^Shard 0 \(rows 0\.\.\d+\) failed 3 times; the last error: .*killed/,
    );
    const [latest] = await ws.deps.curation.runs(DATASET, 1);
    expect(latest.status).toBe('failed');
    standIn.failing.clear();
  });

  async function rowsOf(runId: string): Promise<Omit<CurationRow, 'runId'>[]> {
    const rows: Omit<CurationRow, 'runId'>[] = [];
    for await (const batch of ws.deps.curation.scanRows(runId)) {
      for (const { runId: _, ...row } of batch) rows.push(row);
    }
    return rows.sort((a, b) => `${a.kind}:${a.id}`.localeCompare(`${b.kind}:${b.id}`));
  }
});
