import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaInvoker } from '../../shared/cloud/fanout/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { type CurationDeps, curateDataset } from '../../shared/curate/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { curationDeps } from '../../shared/runtime/curation-deps.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';
import type { CurationRow } from '../../shared/store/index.ts';
import { type Hue, picture } from '../curate/run-fixtures.ts';
import { type StandIn, startStandIn } from './fanout-fixtures.ts';
import { ingestFunction, s3Event, s3Record, type TempBucket, tempBucket } from './helpers.ts';

// The scheduled curation on a real S3 server: tables, thumbnails, shard objects and the report in radosgw.
describe('scheduled curation with fan-out on radosgw', () => {
  let bucket: TempBucket;
  let runtime: Runtime;
  let deps: CurationDeps;
  let standIn: StandIn;

  beforeAll(async () => {
    bucket = await tempBucket('fanout');
    const keys: string[] = [];
    for (const hue of ['red', 'green', 'blue'] as Hue[]) {
      for (let i = 0; i < 5; i++) {
        const key = `images/${hue}/${hue}-${i}.png`;
        await bucket.put(
          key,
          await picture(hue, 100 * i + hue.length)
            .png()
            .toBuffer(),
        );
        keys.push(key);
      }
    }
    await bucket.put('images/red/copy.png', await picture('red', 3).png().toBuffer());
    keys.push('images/red/copy.png');
    const ingest = await ingestFunction(bucket.env);
    const report = await ingest.handle(s3Event(...keys.map((key) => s3Record(bucket.name, key))));
    expect(report).toMatchObject({ ingested: keys.length, failed: [] });
    await ingest.close();
    runtime = await openRuntime(loadConfig({ env: bucket.env }), silentLogger);
    deps = await curationDeps(runtime);
    standIn = await startStandIn();
    Object.assign(process.env, bucket.env, {
      VISCURA_SHARD_FUNCTION: 'curate-shard',
      VISCURA_LAMBDA_ENDPOINT: standIn.endpoint,
      VISCURA_FANOUT_MIN_ROWS: '0',
      VISCURA_FANOUT_BLOCK_ROWS: '4',
      VISCURA_FANOUT_PAIRS_PER_SHARD: '60',
      VISCURA_FANOUT_RETRY_DELAY_MS: '10',
    });
  });

  afterAll(async () => {
    await standIn?.close();
    deps?.curation.close();
    await runtime?.close();
    await bucket?.cleanup();
  });

  it('writes the same results as the in-process run, and the run, shards and report to the bucket', async () => {
    const local = await curateDataset(deps, { dataset: 'default', kind: 'full' });
    standIn.failing.set(0, 1);
    const curate = lambdaInvoker({
      functionName: 'curate',
      region: 'us-east-1',
      endpoint: standIn.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const answer = (await curate({ dataset: 'default' })) as {
      runId: string;
      status: string;
      report: string;
      record: string;
      fanout: { kind: string; shards: number; retried: number }[];
    };
    expect(answer.status).toBe('finished');
    expect(answer.fanout.find((entry) => entry.kind === 'image')).toMatchObject({ retried: 1 });
    expect(answer.fanout[0].shards).toBeGreaterThan(1);
    expect(await rowsOf(answer.runId)).toEqual(await rowsOf(local.run.runId));

    const stored = await bucket.keys(`curation/${answer.runId}/`);
    expect(stored).toContain(answer.record);
    expect(stored.filter((key) => key.includes('/shard-')).length).toBe(answer.fanout[0].shards);
    expect(stored.some((key) => key.includes('/vectors'))).toBe(false);
    expect(await bucket.keys(answer.report)).toEqual([answer.report]);
  });

  async function rowsOf(runId: string): Promise<Omit<CurationRow, 'runId'>[]> {
    const rows: Omit<CurationRow, 'runId'>[] = [];
    for await (const batch of deps.curation.scanRows(runId)) {
      for (const { runId: _, ...row } of batch) rows.push(row);
    }
    return rows.sort((a, b) => `${a.kind}:${a.id}`.localeCompare(`${b.kind}:${b.id}`));
  }
});
