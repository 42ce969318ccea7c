import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaInvoker } from '../../shared/cloud/fanout/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import {
  type CurationDeps,
  issueThresholds,
  listIssue,
  resultsView,
  scoreNewImages,
} from '../../shared/curate/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { curationDeps } from '../../shared/runtime/curation-deps.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';
import { imageId } from '../../shared/store/index.ts';
import { type Hue, picture } from '../curate/run-fixtures.ts';
import { type StandIn, startStandIn } from './fanout-fixtures.ts';
import { ingestFunction, s3Event, s3Record, type TempBucket, tempBucket } from './helpers.ts';

const DATASET = 'default';
const id = (key: string) => imageId(DATASET, `images/${key}`);

/** One picture unlike the others of its hue (theirs look alike to the descriptor), resized to `size`. */
const twin = async (size: number) => {
  const base = await picture('blue', 4101, 160).negate({ alpha: false }).png().toBuffer();
  return sharp(base).resize(size, size).png().toBuffer();
};
const sorted = (ids: string[] | undefined) => [...(ids ?? [])].sort();

// The keeper rule on the cloud path: ingest by S3 events on radosgw, full runs fanned out to shard functions,
// arrivals scored incrementally on the S3 tables.
describe('a keeper in every cluster on the cloud path', () => {
  let bucket: TempBucket;
  let runtime: Runtime;
  let deps: CurationDeps;
  let standIn: StandIn;

  const ingest = async (entries: [string, Buffer][]) => {
    for (const [key, bytes] of entries) await bucket.put(key, bytes);
    const fn = await ingestFunction(bucket.env);
    const report = await fn.handle(s3Event(...entries.map(([key]) => s3Record(bucket.name, key))));
    await fn.close();
    expect(report).toMatchObject({ ingested: entries.length, failed: [] });
  };

  const fannedOutRun = async () => {
    const curate = lambdaInvoker({
      functionName: 'curate',
      region: 'us-east-1',
      endpoint: standIn.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const answer = (await curate({ dataset: DATASET })) as {
      status: string;
      fanout: { kind: string; shards: number }[];
    };
    expect(answer.status).toBe('finished');
    expect(answer.fanout.find((entry) => entry.kind === 'image')?.shards).toBeGreaterThan(1);
  };

  /** Every cluster as readers see it: the keep list and the drop list (`issue=duplicates`). */
  const clusters = async () => {
    const view = await resultsView(deps.curation, DATASET, 'image');
    const rows = new Map<string, { duplicateCluster: string | null }>();
    if (view.full)
      for (const row of await deps.curation.rows(view.full.runId, { kind: 'image', limit: 10_000 }))
        rows.set(row.id, row);
    for (const [rowId, row] of view.overrides) rows.set(rowId, row);
    const listed = await listIssue(
      deps,
      DATASET,
      { issue: 'duplicates', limit: 10_000 },
      issueThresholds(deps.config),
    );
    const dropped = new Set(listed.rows.map((row) => row.id));
    const out = new Map<string, { keep: string[]; drop: string[] }>();
    for (const [rowId, row] of rows) {
      if (!row.duplicateCluster) continue;
      const entry = out.get(row.duplicateCluster) ?? { keep: [], drop: [] };
      (dropped.has(rowId) ? entry.drop : entry.keep).push(rowId);
      out.set(row.duplicateCluster, entry);
    }
    // Nothing outside a cluster is listed to drop.
    for (const rowId of dropped) expect(rows.get(rowId)?.duplicateCluster ?? null).not.toBeNull();
    return out;
  };

  const expectOneKeeperEach = (all: Map<string, { keep: string[]; drop: string[] }>) => {
    for (const [keeper, { keep, drop }] of all) {
      expect(keep, `cluster ${keeper}`).toEqual([keeper]);
      expect(drop.length).toBeGreaterThan(0);
    }
  };

  beforeAll(async () => {
    bucket = await tempBucket('keeper');
    const entries: [string, Buffer][] = [];
    for (const hue of ['red', 'green', 'blue'] as Hue[])
      for (let i = 0; i < 4; i++)
        entries.push([
          `images/${hue}/${hue}-${i}.png`,
          await picture(hue, 100 * i + hue.length)
            .png()
            .toBuffer(),
        ]);
    await ingest(entries);
    runtime = await openRuntime(loadConfig({ env: bucket.env }), silentLogger);
    deps = await curationDeps(runtime);
    standIn = await startStandIn();
    Object.assign(process.env, bucket.env, {
      VISCURA_SHARD_FUNCTION: 'curate-shard',
      VISCURA_LAMBDA_ENDPOINT: standIn.endpoint,
      VISCURA_FANOUT_MIN_ROWS: '0',
      VISCURA_FANOUT_BLOCK_ROWS: '4',
      VISCURA_FANOUT_PAIRS_PER_SHARD: '40',
      VISCURA_FANOUT_RETRY_DELAY_MS: '10',
    });
    await fannedOutRun();
  });

  afterAll(async () => {
    await standIn?.close();
    deps?.curation.close();
    await runtime?.close();
    await bucket?.cleanup();
  });

  it('keeps one of two copies that arrive in one batch, scored on arrival and by the fanned-out run', async () => {
    await ingest([
      ['images/blue/twin-small.png', await twin(80)],
      ['images/blue/twin-large.png', await twin(128)],
    ]);
    const arrival = await scoreNewImages(deps, DATASET);
    expect(arrival?.rows.map((row) => row.key).sort()).toEqual([
      'images/blue/twin-large.png',
      'images/blue/twin-small.png',
    ]);
    let all = await clusters();
    expect(all.get(id('blue/twin-large.png'))).toEqual({
      keep: [id('blue/twin-large.png')],
      drop: [id('blue/twin-small.png')],
    });
    expectOneKeeperEach(all);

    await fannedOutRun();
    all = await clusters();
    expect(all.get(id('blue/twin-large.png'))?.drop).toEqual([id('blue/twin-small.png')]);
    expectOneKeeperEach(all);
  });

  it('keeps the image already kept when a larger copy arrives in a later batch, and says why', async () => {
    await ingest([['images/blue/twin-larger.png', await twin(160)]]);
    const arrival = await scoreNewImages(deps, DATASET);
    expect(arrival?.rows[0]).toMatchObject({
      key: 'images/blue/twin-larger.png',
      duplicateCluster: id('blue/twin-large.png'),
      representative: false,
      keptBecause: 'already-kept',
    });
    const all = await clusters();
    expect(all.get(id('blue/twin-large.png'))?.keep).toEqual([id('blue/twin-large.png')]);
    expect(sorted(all.get(id('blue/twin-large.png'))?.drop)).toEqual(
      sorted([id('blue/twin-larger.png'), id('blue/twin-small.png')]),
    );
    expectOneKeeperEach(all);
  });

  it('re-picks by the keeper rule in the next fanned-out run, with one keeper and the reason on every cluster', async () => {
    await fannedOutRun();
    const all = await clusters();
    const twins = [...all.values()].find((c) => c.keep.concat(c.drop).includes(id('blue/twin-small.png')));
    expect(twins?.keep).toEqual([id('blue/twin-larger.png')]);
    expect(sorted(twins?.drop)).toEqual(sorted([id('blue/twin-large.png'), id('blue/twin-small.png')]));
    expectOneKeeperEach(all);
    const view = await resultsView(deps.curation, DATASET, 'image');
    const rows = await deps.curation.rowsFor(view.full?.runId as string, [id('blue/twin-larger.png')]);
    expect(rows[0]).toMatchObject({ representative: true, keptBecause: 'resolution' });
  });
});
