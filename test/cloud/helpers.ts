import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import type { CloudInfo } from '../../infra/local-cloud/cloud.ts';
import {
  createIngestHandler,
  type IngestReport,
  ingestOptions,
  type SqsBatchResponse,
} from '../../shared/adapters/lambda/index.ts';
import { type AuthPort, createApi } from '../../shared/api/index.ts';
import { createLanceQueryPort, type LanceQueryDeps } from '../../shared/api/lance/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';
import { openCurationStore } from '../../shared/store/index.ts';

export const cloud = (): CloudInfo => inject('cloud');

export function adminClient(info = cloud()): S3Client {
  return new S3Client({
    endpoint: info.s3Endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: info.env.VISCURA_S3_ACCESS_KEY,
      secretAccessKey: info.env.VISCURA_S3_SECRET_KEY,
    },
  });
}

export interface TempBucket {
  name: string;
  s3: S3Client;
  /** viscura's environment for this bucket: tables under db/, uploads watched under images/. */
  env: Record<string, string>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  keys(prefix?: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

/** A bucket of its own on radosgw (no notifications), emptied and deleted by `cleanup`. */
export async function tempBucket(label: string): Promise<TempBucket> {
  const info = cloud();
  const name = `t-${label}-${randomBytes(4).toString('hex')}`;
  const s3 = adminClient(info);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  const keys = async (prefix = '') => {
    const found: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: name, Prefix: prefix })) {
      for (const object of page.Contents ?? []) found.push(object.Key as string);
    }
    return found;
  };
  return {
    name,
    s3,
    env: {
      ...info.env,
      VISCURA_BUCKET: `s3://${name}`,
      VISCURA_DB: `s3://${name}/db`,
      VISCURA_WATCH_PREFIXES: 'images/',
      VISCURA_LOG_LEVEL: 'silent',
    },
    async put(key, bytes) {
      await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: bytes }));
    },
    keys,
    async cleanup() {
      const all = await keys();
      for (let i = 0; i < all.length; i += 1000) {
        const chunk = all.slice(i, i + 1000).map((Key) => ({ Key }));
        await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: chunk } }));
      }
      await s3.send(new DeleteBucketCommand({ Bucket: name }));
      s3.destroy();
    },
  };
}

export interface IngestFunction {
  runtime: Runtime;
  /** The handler functions/ingest.ts builds, over this runtime. */
  handle(event: unknown): Promise<IngestReport | SqsBatchResponse>;
  close(): Promise<void>;
}

export async function ingestFunction(env: Record<string, string>): Promise<IngestFunction> {
  const runtime = await openRuntime(loadConfig({ env }), silentLogger);
  const handle = createIngestHandler(ingestOptions(runtime));
  return { runtime, handle, close: () => runtime.close() };
}

export type EventName = 'ObjectCreated:Put' | 'ObjectRemoved:Delete';

/** An S3 event record as radosgw pushes it (keys as they are), or as AWS sends it (form-encoded keys). */
export function s3Record(
  bucket: string,
  key: string,
  name: EventName = 'ObjectCreated:Put',
  source = 'ceph:s3',
) {
  return {
    eventVersion: '2.2',
    eventSource: source,
    awsRegion: source === 'aws:s3' ? 'us-east-1' : '',
    eventTime: new Date().toISOString(),
    eventName: name,
    s3: {
      s3SchemaVersion: '1.0',
      bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: source === 'aws:s3' ? encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+') : key,
        size: 1,
        sequencer: Date.now().toString(16).toUpperCase(),
      },
    },
  };
}

export function s3Event(...records: ReturnType<typeof s3Record>[]) {
  return { Records: records };
}

export function sqsEvent(bodies: (string | object)[]) {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m-${i}`,
      receiptHandle: `r-${i}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest-queue',
      awsRegion: 'us-east-1',
    })),
  };
}

const API_KEY = 'cloud-test-key-0123456789';

/** The query API (the Hono app the query function serves) over a runtime on S3, with one test key. */
export async function queryApi(runtime: Runtime) {
  const { config } = runtime;
  const curation = await openCurationStore(config.dbUri, {
    storageOptions: runtime.storageOptions,
    readOnly: true,
    log: silentLogger,
  });
  const deps: LanceQueryDeps = {
    store: runtime.store,
    curation,
    bucket: runtime.bucket,
    originals: () => [runtime.bucket],
    embedder: () => runtime.embedder(),
    thresholds: { duplicates: 0.5, mislabels: 0.5, outliers: 0.5, blur: 0.5, dark: 0.5, bright: 0.5 },
    upload: { maxBytes: config.ingest.maxBytes, maxPixels: config.ingest.maxPixels },
    log: silentLogger,
    version: 'test',
  };
  const auth: AuthPort = {
    verify: async (key) => (key === API_KEY ? { keyId: 'test', datasets: null } : undefined),
  };
  const app = createApi({ query: createLanceQueryPort(deps), auth });
  return {
    /** Hits for an uploaded picture, best first, as the API answers them. */
    async similarTo(bytes: Uint8Array, dataset = config.dataset): Promise<{ key: string; score: number }[]> {
      const form = new FormData();
      form.set('image', new Blob([bytes], { type: 'image/png' }), 'query.png');
      form.set('limit', '5');
      const response = await app.request(`/v1/datasets/${dataset}/search/similar`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}` },
        body: form,
      });
      // A dataset that holds no image (yet, or any more) is unknown to the API: no hits.
      if (response.status === 404) return [];
      if (response.status !== 200)
        throw new Error(`search answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { hits: { key: string; score: number }[] }).hits;
    },
    close: () => curation.close(),
  };
}
