import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryHandler } from '../../shared/adapters/lambda/query.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
let env: Record<string, string>;
beforeAll(async () => {
  fx = await apiFixture({ count: 20 });
  env = { VISCURA_DATA_DIR: fx.dir, VISCURA_DATASET: 'pets', VISCURA_LOG_LEVEL: 'silent' };
});
afterAll(() => fx?.cleanup());

/** A Lambda function URL event (payload format 2.0, as API Gateway HTTP APIs send too). */
function urlEvent(
  method: string,
  path: string,
  options: { query?: string; body?: string; headers?: Record<string, string> } = {},
) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: { host: 'abc.lambda-url.eu-west-1.on.aws', ...options.headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_600_000_000,
    },
    body: options.body ?? null,
    isBase64Encoded: false,
  };
}

/** An API Gateway REST API event (payload format 1.0). */
function restEvent(method: string, path: string, headers: Record<string, string>) {
  return {
    version: '1.0',
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: { host: 'api.example.com', ...headers },
    multiValueHeaders: Object.fromEntries(
      Object.entries({ host: 'api.example.com', ...headers }).map(([k, v]) => [k, [v]]),
    ),
    queryStringParameters: { limit: '2' },
    multiValueQueryStringParameters: { limit: ['2'] },
    requestContext: {
      path,
      stage: 'prod',
      requestId: 'r2',
      resourcePath: '/{proxy+}',
      httpMethod: method,
      identity: { sourceIp: '127.0.0.1' },
    },
    body: null,
    isBase64Encoded: false,
  };
}

const context = { functionName: 'query', awsRequestId: 'r1' } as never;

interface LambdaResult {
  statusCode: number;
  body: string;
  isBase64Encoded: boolean;
}

type Handler = Awaited<ReturnType<typeof createQueryHandler>>;
const invoke = (handler: Handler, event: unknown) =>
  (handler as unknown as (event: unknown, context: unknown) => Promise<LambdaResult>)(event, context);

describe('query Lambda handler', () => {
  it('answers a function URL event exactly as the app answers directly', async () => {
    const handler = await createQueryHandler(env);
    const headers = { authorization: `Bearer ${fx.key.pets}` };
    const result = await invoke(
      handler,
      urlEvent('GET', '/v1/datasets/pets/images', { query: 'limit=3&sort=key', headers }),
    );
    expect(result.statusCode).toBe(200);
    const direct = await (
      await fx.request('/v1/datasets/pets/images?limit=3&sort=key', { key: fx.key.pets })
    ).json();
    expect(JSON.parse(result.body)).toEqual(direct);
  });

  it('runs a POST search and sends thumbnails base64-encoded', async () => {
    const handler = await createQueryHandler(env);
    const headers = { authorization: `Bearer ${fx.key.all}`, 'content-type': 'application/json' };
    const search = await invoke(
      handler,
      urlEvent('POST', '/v1/datasets/pets/search/text', {
        body: JSON.stringify({ query: 'striped lamp', limit: 1 }),
        headers,
      }),
    );
    expect(search.statusCode).toBe(200);
    const [hit] = JSON.parse(search.body).hits;
    expect(hit.key).toBe(fx.images.pets.find((image) => image.caption)?.key);
    const thumbnail = await invoke(
      handler,
      urlEvent('GET', `/v1/datasets/pets/images/${hit.id}/thumbnail`, { headers }),
    );
    expect(thumbnail.isBase64Encoded).toBe(true);
    expect((await sharp(Buffer.from(thumbnail.body, 'base64')).metadata()).format).toBe('webp');
  });

  it('answers REST API events, with keys given as hashes in VISCURA_API_KEYS', async () => {
    const { keys } = JSON.parse(await readFile(join(fx.dir, 'api-keys.json'), 'utf8'));
    const handler = await createQueryHandler({ ...env, VISCURA_API_KEYS: JSON.stringify(keys) });
    const ok = await invoke(
      handler,
      restEvent('GET', '/v1/datasets/other/images', { authorization: `Bearer ${fx.key.other}` }),
    );
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body).items).toHaveLength(2);
    const forbidden = await invoke(
      handler,
      restEvent('GET', '/v1/datasets/pets/images', { authorization: `Bearer ${fx.key.other}` }),
    );
    expect(forbidden.statusCode).toBe(403);
    const revoked = await invoke(
      handler,
      restEvent('GET', '/v1/datasets/pets/images', { authorization: `Bearer ${fx.key.revoked}` }),
    );
    expect(revoked.statusCode).toBe(401);
  });

  it('refuses a malformed VISCURA_API_KEYS with a sentence, not a stack', async () => {
    await expect(createQueryHandler({ ...env, VISCURA_API_KEYS: '[{"id": 1}]' })).rejects.toThrow(
      /VISCURA_API_KEYS must be/,
    );
  });
});
