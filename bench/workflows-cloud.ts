/**
 * Saved-view alert latency on the local cloud: an image PUT to radosgw, the ingest function's handler (as the
 * Lambda runs it, tables on S3) ingesting it and checking the views, the signed webhook accepted by a receiver on
 * 127.0.0.1; once with a healthy receiver, once with one that fails its first two tries.
 *   npm run bench -- workflows-cloud [arrivals=6]
 * Starts the local cloud when it is not running (and stops it afterwards). The handler is called with the S3
 * event directly, in a bucket of its own without a notification, so nothing else ingests the same objects.
 * `npm run bench -- workflows` measures the embedded path; `npm run bench -- cloud` the notification itself.
 */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client, startLocalCloud } from '../infra/local-cloud/cloud.ts';
import { cloudSettings } from '../infra/local-cloud/settings.ts';
import { createIngestHandler, ingestOptions } from '../shared/adapters/lambda/index.ts';
import { loadConfig } from '../shared/config/index.ts';
import { silentLogger } from '../shared/log/index.ts';
import { openRuntime } from '../shared/runtime/index.ts';
import { openRuntimeViews } from '../shared/runtime/views.ts';
import { openCurationStore } from '../shared/store/index.ts';
import { webhookReceiver } from '../test/helpers/webhook-receiver.ts';
import { arrival } from './workflows/arrival.ts';

const arrivals = Number(process.argv[2] ?? 6);
const settings = cloudSettings();
const cloud = await startLocalCloud(settings);
const s3 = s3Client(settings);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  console.log(
    `\nsaved-view alert latency, local cloud (radosgw, ingest handler, tables on S3; ${arrivals} arrivals each)\n`,
  );
  console.log(
    '| receiver | PUT -> handler done (ms, p50) | PUT -> alert accepted (ms, p50) | deliveries | alerts | accepted once by key |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const failFirst of [0, 2]) {
    const bucket = `b-views-${randomBytes(4).toString('hex')}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const hook = await webhookReceiver();
    const env = {
      ...cloud.info.env,
      VISCURA_BUCKET: `s3://${bucket}`,
      VISCURA_DB: `s3://${bucket}/db`,
      VISCURA_WATCH_PREFIXES: 'images/',
      VISCURA_LOG_LEVEL: 'silent',
      VISCURA_WEBHOOKS_ALLOW: `${new URL(hook.url).origin}/hooks/`,
    };
    const runtime = await openRuntime(loadConfig({ env }), silentLogger);
    const handle = createIngestHandler({ ...ingestOptions(runtime) });
    const put = async (key: string, bytes: Buffer) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
      return handle(event(bucket, key));
    };
    await put('images/new/first.png', await arrival(999));
    const curation = await openCurationStore(runtime.config.dbUri, {
      log: silentLogger,
      storageOptions: runtime.storageOptions,
    });
    const views = await openRuntimeViews(runtime, curation);
    await views.create('default', {
      name: 'new',
      query: 'label:new',
      webhook: { url: hook.url },
      owner: { keyId: 'bench', datasets: null },
    });
    views.close();
    const handled: number[] = [];
    const accepted: number[] = [];
    for (let i = 0; i < arrivals; i++) {
      hook.failNext(failFirst);
      const bytes = await arrival(i + failFirst * 100);
      const start = Date.now();
      const before = hook.received.length;
      await put(`images/new/arrival-${i}.png`, bytes);
      handled.push(Date.now() - start);
      const ok = hook.received.slice(before).find((r) => r.status === 200);
      if (!ok) throw new Error(`arrival ${i}: no alert accepted`);
      accepted.push(ok.at - start);
    }
    const once = hook.accepted().size === arrivals ? 'yes' : `no (${hook.accepted().size})`;
    console.log(
      `| ${failFirst ? `fails the first ${failFirst} tries (503), default backoff (1 s, doubling)` : 'healthy'} | ${median(handled)} | ${median(accepted)} | ${hook.received.length} | ${arrivals} | ${once} |`,
    );
    curation.close();
    await runtime.close();
    await hook.close();
  }
} finally {
  s3.destroy();
  await cloud.stop();
}

function event(bucket: string, key: string) {
  const record = {
    eventVersion: '2.2',
    eventSource: 'ceph:s3',
    awsRegion: '',
    eventTime: new Date().toISOString(),
    eventName: 'ObjectCreated:Put',
    s3: { s3SchemaVersion: '1.0', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key } },
  };
  return { Records: [record] };
}
