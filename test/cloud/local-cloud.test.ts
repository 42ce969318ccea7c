import { randomBytes } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';
import { where } from '../../shared/store/index.ts';
import { scene } from '../helpers/images.ts';
import { adminClient, cloud, queryApi, s3Event, s3Record } from './helpers.ts';

let runtime: Runtime;
let api: Awaited<ReturnType<typeof queryApi>>;
const s3 = adminClient();
const lambda = new LambdaClient({
  endpoint: cloud().lambdaEndpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

beforeAll(async () => {
  runtime = await openRuntime(
    loadConfig({ env: { ...cloud().env, VISCURA_LOG_LEVEL: 'silent' } }),
    silentLogger,
  );
  api = await queryApi(runtime);
});
afterAll(async () => {
  api?.close();
  await runtime?.close();
  s3.destroy();
  lambda.destroy();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the local cloud', () => {
  it('makes a PutObject searchable through the API with no other step, and a DeleteObject unsearchable', async () => {
    const key = `images/forget/${randomBytes(4).toString('hex')}.png`;
    const bytes = await scene(11, 'stripes', 320, 240);
    await s3.send(new PutObjectCommand({ Bucket: cloud().bucket, Key: key, Body: bytes }));
    const hit = await until('the upload is searchable', async () =>
      (await api.similarTo(bytes)).find((candidate) => candidate.key === key),
    );
    expect(hit.score).toBeGreaterThan(0.99);

    await s3.send(new DeleteObjectCommand({ Bucket: cloud().bucket, Key: key }));
    await until('the deleted image leaves the results', async () =>
      (await api.similarTo(bytes)).some((candidate) => candidate.key === key) ? undefined : true,
    );
  });

  it('ingests a burst of uploads in batches, and forgets them as they are deleted', async () => {
    const folder = `images/burst-${randomBytes(4).toString('hex')}/`;
    const keys = Array.from({ length: 12 }, (_, i) => `${folder}${i}.png`);
    await Promise.all(
      keys.map(async (Key, i) =>
        s3.send(
          new PutObjectCommand({
            Bucket: cloud().bucket,
            Key,
            Body: await scene(40 + i, 'polygons', 160, 120),
          }),
        ),
      ),
    );
    const inFolder = where.prefix('key', folder);
    await until('every upload is a row', async () =>
      (await runtime.store.images.count('default', inFolder)) === keys.length ? true : undefined,
    );
    // One DeleteObject per key: radosgw 16 aborts on a multi-object delete (DeleteObjects, what
    // `aws s3 rm --recursive` sends) in a bucket with notifications (docs/cloud.md).
    await Promise.all(keys.map((Key) => s3.send(new DeleteObjectCommand({ Bucket: cloud().bucket, Key }))));
    await until('every row is gone', async () =>
      (await runtime.store.images.count('default', inFolder)) === 0 ? true : undefined,
    );
  });

  it('answers the Lambda Invoke API with the real handler: results, function errors, async calls', async () => {
    const missing = s3Event(s3Record(cloud().bucket, 'images/never-uploaded.png', 'ObjectRemoved:Delete'));
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: 'ingest',
        Payload: new TextEncoder().encode(JSON.stringify(missing)),
      }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(answer.Payload))).toMatchObject({ removed: 1, ingested: 0 });

    const broken = await lambda.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:ingest',
        Payload: new TextEncoder().encode('{"Records": [{"eventSource": "aws:s3"}]}'),
      }),
    );
    expect(broken.FunctionError).toBe('Unhandled');
    expect(JSON.parse(new TextDecoder().decode(broken.Payload))).toMatchObject({
      errorType: 'VisibleError',
      errorMessage: expect.stringContaining('takes S3 object events'),
    });

    const queued = await lambda.send(
      new InvokeCommand({
        FunctionName: 'ingest',
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(missing)),
      }),
    );
    expect(queued.StatusCode).toBe(202);
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'ingest', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'no-such-function' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
