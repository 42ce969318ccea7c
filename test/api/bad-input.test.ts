import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/api/schemas/common.ts';
import { pngBomb, textFile } from '../helpers/images.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
beforeAll(async () => {
  fx = await apiFixture({ count: 20 });
});
afterAll(() => fx?.cleanup());

const INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE images; --', "x') OR ('1'='1", '%', '_', '\\'];
const base = '/v1/datasets/pets';

type Expect = 'error' | 'empty' | 'ok' | 'ok-or-invalid-query';

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  expect: Expect;
}

const jsonPost = (path: string, body: unknown): Pick<Case, 'path' | 'init'> => ({
  path,
  init: {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  },
});

function injectionCases(): Case[] {
  const cases: Case[] = [];
  for (const value of INJECTIONS) {
    const q = encodeURIComponent(value);
    cases.push(
      { name: `dataset ${value}`, path: `/v1/datasets/${q}/images`, expect: 'error' },
      { name: `label ${value}`, path: `${base}/images?label=${q}`, expect: 'empty' },
      { name: `tag ${value}`, path: `${base}/images?tag=${q}`, expect: 'empty' },
      { name: `prefix ${value}`, path: `${base}/images?prefix=${q}`, expect: 'empty' },
      { name: `cluster ${value}`, path: `${base}/images?cluster=${q}`, expect: 'empty' },
      { name: `issue ${value}`, path: `${base}/images?issue=${q}`, expect: 'error' },
      { name: `sort ${value}`, path: `${base}/images?sort=${q}`, expect: 'error' },
      { name: `cursor ${value}`, path: `${base}/images?cursor=${q}`, expect: 'error' },
      { name: `image id ${value}`, path: `${base}/images/${q}`, expect: 'error' },
      { name: `thumbnail id ${value}`, path: `${base}/images/${q}/thumbnail`, expect: 'error' },
      { name: `objects label ${value}`, path: `${base}/objects?label=${q}`, expect: 'empty' },
      { name: `objects prefix ${value}`, path: `${base}/objects?prefix=${q}`, expect: 'empty' },
      { name: `objects imageId ${value}`, path: `${base}/objects?imageId=${q}`, expect: 'error' },
      { name: `clusters kind ${value}`, path: `${base}/clusters?kind=${q}`, expect: 'error' },
      { name: `report format ${value}`, path: `${base}/reports/latest?format=${q}`, expect: 'error' },
      { name: `export label ${value}`, path: `${base}/export?format=jsonl&label=${q}`, expect: 'empty' },
      { name: `export format ${value}`, path: `${base}/export?format=${q}`, expect: 'error' },
      // The text is read in the query syntax: a stray "--" or an unclosed quote is a 400 naming the token.
      {
        name: `text query ${value}`,
        ...jsonPost(`${base}/search/text`, { query: value }),
        expect: 'ok-or-invalid-query',
      },
      {
        name: `text label filter ${value}`,
        ...jsonPost(`${base}/search/text`, { query: 'circles', filters: { labels: [value] } }),
        expect: 'empty',
      },
      {
        name: `text tag filter ${value}`,
        ...jsonPost(`${base}/search/text`, { query: 'circles', filters: { tags: [value], prefix: value } }),
        expect: 'empty',
      },
      {
        name: `similar imageId ${value}`,
        ...jsonPost(`${base}/search/similar`, { imageId: value }),
        expect: 'error',
      },
      {
        name: `similar cluster ${value}`,
        ...jsonPost(`${base}/search/similar`, { cluster: { kind: 'duplicates', id: value } }),
        expect: 'error',
      },
    );
  }
  return cases;
}

/** A real cursor (base64url JSON) with its offset replaced by one this API never hands out. */
function forgedCursor(real: string | Record<string, unknown>, offset: number): string {
  const payload = typeof real === 'string' ? JSON.parse(Buffer.from(real, 'base64url').toString()) : real;
  return Buffer.from(JSON.stringify({ ...payload, o: offset || payload.o })).toString('base64url');
}

/** Replaced by a real image id when the request is made (cases are listed before the fixture exists). */
const IMAGE = 'IMAGE_ID';

function malformedCases(): Case[] {
  const image = () => IMAGE;
  return [
    { name: 'malformed JSON', ...jsonPost(`${base}/search/text`, '{"query": "cat",'), expect: 'error' },
    { name: 'JSON of the wrong type', ...jsonPost(`${base}/search/text`, { query: 5 }), expect: 'error' },
    { name: 'JSON array body', ...jsonPost(`${base}/search/text`, '[1,2]'), expect: 'error' },
    {
      name: 'limit as text',
      ...jsonPost(`${base}/search/text`, { query: 'cat', limit: 'ten' }),
      expect: 'error',
    },
    {
      name: 'huge body limit',
      ...jsonPost(`${base}/search/text`, { query: 'cat', limit: 1e9 }),
      expect: 'error',
    },
    {
      name: 'unknown body field',
      ...jsonPost(`${base}/search/text`, { query: 'cat', where: '1=1' }),
      expect: 'error',
    },
    {
      name: 'not JSON content type',
      path: `${base}/search/text`,
      init: { method: 'POST', body: 'query=cat' },
      expect: 'error',
    },
    { name: 'negative limit', path: `${base}/images?limit=-5`, expect: 'error' },
    { name: 'huge limit', path: `${base}/images?limit=100000000`, expect: 'error' },
    { name: 'fractional limit', path: `${base}/images?limit=2.5`, expect: 'error' },
    { name: 'overflowing limit', path: `${base}/images?limit=1e309`, expect: 'error' },
    { name: 'threshold above 1', path: `${base}/images?issue=blur&threshold=1.5`, expect: 'error' },
    { name: 'unknown issue', path: `${base}/images?issue=ugly`, expect: 'error' },
    { name: 'unknown parameter', path: `${base}/images?isue=blur`, expect: 'error' },
    { name: 'repeated single parameter', path: `${base}/images?limit=1&limit=2`, expect: 'error' },
    { name: 'visual level 9', path: `${base}/clusters?kind=visual&level=9`, expect: 'error' },
    { name: 'export maxRows 0', path: `${base}/export?maxRows=0`, expect: 'error' },
    // Visual clusters are int32 columns: 2^31 once gave a 500, and an export that broke off after its 200.
    { name: 'visual cluster 2^31', path: `${base}/images?visualCluster=2147483648`, expect: 'error' },
    { name: 'visual cluster 2^31 - 1', path: `${base}/images?visualCluster=2147483647`, expect: 'empty' },
    { name: 'visual cluster 2^53', path: `${base}/images?visualCluster=9007199254740993`, expect: 'error' },
    {
      name: 'export of visual cluster 2^31',
      path: `${base}/export?format=jsonl&visualCluster=2147483648`,
      expect: 'error',
    },
    {
      name: 'export of visual cluster 2^31 - 1',
      path: `${base}/export?format=jsonl&visualCluster=2147483647`,
      expect: 'empty',
    },
    {
      name: 'similar to visual cluster 2^31',
      ...jsonPost(`${base}/search/similar`, { cluster: { kind: 'visual', level: 0, id: 2 ** 31 } }),
      expect: 'error',
    },
    {
      name: 'text search in visual cluster 2^31',
      ...jsonPost(`${base}/search/text`, { query: 'x', filters: { visualCluster: { id: 2 ** 31 } } }),
      expect: 'error',
    },
    {
      name: 'path traversal in an id',
      path: `${base}/images/..%2F..%2F..%2Fetc%2Fpasswd/original`,
      expect: 'error',
    },
    { name: 'path traversal as a prefix', path: `${base}/images?prefix=..%2F..%2Fetc`, expect: 'empty' },
    { name: 'dot-dot dataset', path: '/v1/datasets/%2e%2e/images', expect: 'error' },
    { name: 'unknown image id', path: `${base}/images/${'0'.repeat(32)}`, expect: 'error' },
    {
      name: 'two similar sources',
      ...jsonPost(`${base}/search/similar`, { imageId: 'a'.repeat(32), objectId: 'b'.repeat(32) }),
      expect: 'error',
    },
    { name: 'no similar source', ...jsonPost(`${base}/search/similar`, { limit: 3 }), expect: 'error' },
    {
      name: 'box outside the image',
      ...jsonPost(`${base}/search/similar`, {
        imageId: image(),
        box: { x: 0.8, y: 0, width: 0.5, height: 0.5 },
      }),
      expect: 'error',
    },
    {
      name: 'box with NaN-like values',
      ...jsonPost(`${base}/search/similar`, {
        imageId: image(),
        box: { x: 'NaN', y: 0, width: 1, height: 1 },
      }),
      expect: 'error',
    },
    {
      name: 'unknown image to search from',
      ...jsonPost(`${base}/search/similar`, { imageId: 'c'.repeat(32) }),
      expect: 'error',
    },
    { name: 'unknown route', path: '/v1/datasets/pets/nope', expect: 'error' },
    // Query strings are read as plain decimal only: what Number() would make of these is refused.
    { name: 'empty threshold (not 0)', path: `${base}/images?issue=blur&threshold=`, expect: 'error' },
    { name: 'hexadecimal limit', path: `${base}/images?limit=0x10`, expect: 'error' },
    { name: 'exponent limit', path: `${base}/images?limit=1e1`, expect: 'error' },
    { name: 'limit with a sign', path: `${base}/images?limit=%2B5`, expect: 'error' },
    { name: 'limit padded with spaces', path: `${base}/images?limit=%205%20`, expect: 'error' },
    { name: 'binary visual level', path: `${base}/clusters?kind=visual&level=0b1`, expect: 'error' },
    { name: 'empty export maxRows', path: `${base}/export?maxRows=`, expect: 'error' },
    { name: 'hexadecimal objects threshold', path: `${base}/objects?threshold=0x1`, expect: 'error' },
    { name: 'repeated __proto__', path: `${base}/images?__proto__=a&__proto__=b`, expect: 'error' },
    { name: 'one __proto__', path: `${base}/images?__proto__=a`, expect: 'error' },
    { name: 'constructor parameter', path: `${base}/images?constructor=x`, expect: 'error' },
    {
      name: 'cursor offset past 2^53',
      path: `${base}/images?cursor=${forgedCursor({ o: 2 ** 60, x: 0, r: null, f: 'x' }, 0)}`,
      expect: 'error',
    },
    { name: 'images of an unknown dataset', path: '/v1/datasets/nope/images', expect: 'error' },
    {
      name: 'JSON body over the limit',
      ...jsonPost(`${base}/search/text`, { query: 'x'.repeat(70_000) }),
      expect: 'error',
    },
  ];
}

const uploadCase = (
  name: string,
  bytes: () => Promise<Uint8Array> | Uint8Array,
  fields: Record<string, string> = {},
): Case & { body: () => Promise<FormData> } => ({
  name,
  path: `${base}/search/similar`,
  expect: 'error',
  async body() {
    const form = new FormData();
    form.set('image', new Blob([await bytes()]), 'upload.bin');
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    return form;
  },
});

const uploads = [
  uploadCase('non-image upload', () => textFile()),
  uploadCase('empty upload', () => new Uint8Array()),
  uploadCase('decompression bomb upload', () => pngBomb()),
  uploadCase('oversized upload', () => new Uint8Array(21 * 1024 * 1024)),
  uploadCase('truncated PNG', async () => (await pngBomb(64, 64)).subarray(0, 40)),
  uploadCase('bad filters JSON in a form', () => textFile(), { filters: '{oops' }),
  uploadCase('unknown form field', () => textFile(), { where: '1=1' }),
  uploadCase('2 x 19,999,999 strip upload', () => pngBomb(2, 19_999_999)),
  uploadCase('1 x 39,999,999 strip upload', () => pngBomb(1, 39_999_999)),
  uploadCase('1 x 150 sliver upload', () => pngBomb(1, 150)),
];

async function check(c: Case, response: Response): Promise<void> {
  const text = await response.text();
  expect(response.status, `${c.name}: ${text.slice(0, 300)}`).toBeLessThan(500);
  // Nothing of the other dataset ever shows through a pets request.
  expect(text).not.toContain('secret-');
  if (c.expect === 'ok-or-invalid-query' && response.status !== 200) {
    expect(response.status, c.name).toBe(400);
    expect(JSON.parse(text), c.name).toMatchObject({ code: 'invalid_query', field: 'query' });
    return;
  }
  if (c.expect === 'error') {
    expect(response.status, c.name).toBeGreaterThanOrEqual(400);
    expect(errorBodySchema.safeParse(JSON.parse(text)).success, c.name).toBe(true);
    return;
  }
  expect(response.status, `${c.name}: ${text.slice(0, 300)}`).toBe(200);
  if (c.expect === 'empty') {
    if (c.path.includes('/export')) expect(text, c.name).toBe('');
    else {
      const body = JSON.parse(text) as { items?: unknown[]; hits?: unknown[] };
      expect(body.items ?? body.hits, c.name).toEqual([]);
    }
  }
}

describe('bad input never makes a 500 nor leaks another dataset', () => {
  it.each(injectionCases().map((c) => [c.name, c] as const))('injection: %s', async (_, c) => {
    await check(c, await fx.request(c.path, c.init));
  });
  it.each(malformedCases().map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const id = fx.images.pets[0].id;
    const init = c.init?.body ? { ...c.init, body: String(c.init.body).replace(IMAGE, id) } : c.init;
    await check(c, await fx.request(c.path, init));
  });
  it.each(uploads.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    await check(c, await fx.request(c.path, { method: 'POST', body: await c.body() }));
  });
});

describe('what each refusal says', () => {
  const answer = async (path: string) => {
    const response = await fx.request(path);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('an unknown dataset is a 404 on every dataset route, as the dataset itself is', async () => {
    const routes = ['', '/images', '/objects', '/clusters', '/runs', '/reports/latest', '/export'];
    for (const route of routes) {
      const { status, body } = await answer(`/v1/datasets/nope${route}`);
      expect({ route, status, code: body.code }).toEqual({ route, status: 404, code: 'not_found' });
    }
    const search = await fx.request('/v1/datasets/nope/search/text', {
      method: 'POST',
      body: JSON.stringify({ query: 'cat' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(search.status).toBe(404);
  });

  it('numbers in a query string are plain decimal digits', async () => {
    expect(await answer(`${base}/images?limit=0x10`)).toMatchObject({
      status: 400,
      body: { field: 'limit', message: expect.stringContaining('a whole number in decimal digits') },
    });
    expect(await answer(`${base}/images?issue=blur&threshold=`)).toMatchObject({
      status: 400,
      body: { field: 'threshold', message: expect.stringContaining('a decimal number such as 0.5') },
    });
    // Plain decimal still reads as it did.
    expect((await answer(`${base}/images?limit=016`)).body.items).toHaveLength(16);
    expect((await answer(`${base}/images?issue=blur&threshold=0.25`)).status).toBe(200);
  });

  it('__proto__ is a parameter name like any other: unknown, refused', async () => {
    expect(await answer(`${base}/images?__proto__=a&__proto__=b`)).toMatchObject({
      status: 400,
      body: { code: 'unknown_field', field: '__proto__' },
    });
  });

  it('a forged cursor offset is refused, not wrapped around to the first pages', async () => {
    const first = await answer(`${base}/images?limit=2&sort=key`);
    const cursor = first.body.nextCursor as string;
    // The offset LanceDB would read as 2 (it takes a u32): the second page again, were it not refused.
    expect(
      await answer(`${base}/images?limit=2&sort=key&cursor=${forgedCursor(cursor, 2 ** 32 + 2)}`),
    ).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    expect((await answer(`${base}/images?limit=2&sort=key&cursor=${cursor}`)).status).toBe(200);
  });
});

describe('error bodies', () => {
  const body = async (path: string, init?: RequestInit & { key?: string | null }) =>
    (await fx.request(path, init)).json();

  it('name the parameter and say what is allowed', async () => {
    expect(await body(`${base}/images?limit=0`)).toMatchInlineSnapshot(`
      {
        "code": "invalid_input",
        "field": "limit",
        "message": "The query parameter "limit" is invalid: too small: expected number to be >=1.",
        "status": 400,
      }
    `);
    expect(await body(`${base}/images?issue=ugly`)).toMatchInlineSnapshot(`
      {
        "code": "invalid_input",
        "field": "issue",
        "message": "The query parameter "issue" is invalid: invalid option: expected one of "duplicates"|"uniques"|"mislabels"|"outliers"|"blur"|"dark"|"bright".",
        "status": 400,
      }
    `);
    expect(await body(`${base}/images?isue=blur`)).toMatchInlineSnapshot(`
      {
        "code": "unknown_field",
        "field": "isue",
        "message": "Unknown query parameter "isue".",
        "status": 400,
      }
    `);
    expect(await body('/v1/datasets/Bad%20Name/images')).toMatchInlineSnapshot(`
      {
        "code": "invalid_input",
        "field": "dataset",
        "message": "The path parameter "dataset" is invalid: lower-case letters, digits, "-" and "_", 1-64 characters.",
        "status": 400,
      }
    `);
  });

  it('say what is wrong with a body, a key, a file', async () => {
    expect(
      await body(`${base}/search/text`, {
        method: 'POST',
        body: '{',
        headers: { 'content-type': 'application/json' },
      }),
    ).toMatchInlineSnapshot(`
      {
        "code": "invalid_json",
        "message": "The request body is not valid JSON.",
        "status": 400,
      }
    `);
    expect(await body(`${base}/images`, { key: null })).toMatchInlineSnapshot(`
      {
        "code": "unauthorized",
        "message": "An API key is required: send it as "Authorization: Bearer <key>" (create one with \`viscura keys create\`).",
        "status": 401,
      }
    `);
    expect(await body(`${base}/images`, { key: fx.key.other })).toMatchInlineSnapshot(`
      {
        "code": "forbidden",
        "message": "This API key may not read dataset "pets".",
        "status": 403,
      }
    `);
    const form = new FormData();
    form.set('image', new Blob([textFile()]), 'notes.jpg');
    expect(await body(`${base}/search/similar`, { method: 'POST', body: form })).toMatchInlineSnapshot(`
      {
        "code": "unsupported_format",
        "message": "The file is not a readable image; supported formats are JPEG, PNG, WebP, GIF (first frame), TIFF, AVIF and HEIC.",
        "status": 415,
      }
    `);
    const bomb = new FormData();
    bomb.set('image', new Blob([await pngBomb()]), 'bomb.png');
    expect(await body(`${base}/search/similar`, { method: 'POST', body: bomb })).toMatchInlineSnapshot(`
      {
        "code": "too_many_pixels",
        "message": "The uploaded image has more than 40,000,000 pixels; it was refused from its header, before decoding. Send a smaller rendition.",
        "status": 413,
      }
    `);
  });

  it('refuse extreme shapes from the header with the reason', async () => {
    const upload = async (bytes: Uint8Array) => {
      const form = new FormData();
      form.set('image', new Blob([bytes]), 'strip.png');
      return body(`${base}/search/similar`, { method: 'POST', body: form });
    };
    expect(await upload(await pngBomb(2, 19_999_999))).toMatchInlineSnapshot(`
      {
        "code": "side_too_long",
        "message": "The image is 2 x 19,999,999 pixels: a side is over the 65,535-pixel limit (the longest side a JPEG or HEIC can hold); it was not decoded.",
        "status": 413,
      }
    `);
    expect(await upload(await pngBomb(1, 150))).toMatchInlineSnapshot(`
      {
        "code": "extreme_aspect_ratio",
        "message": "The image is 1 x 150 pixels: its long side is 150 times its short side, above the 100:1 limit (a strip, not a picture); it was not decoded.",
        "status": 415,
      }
    `);
  });

  it('hide the internals of a real failure behind a reference', async () => {
    const { createApi } = await import('../../shared/api/index.ts');
    const broken = new Proxy(
      {},
      { get: () => () => Promise.reject(new Error('disk on fire at /var/secret')) },
    );
    const app = createApi({
      query: broken as never,
      auth: { verify: async () => ({ keyId: 'k', datasets: null }) },
    });
    const response = await app.request('/v1/datasets/pets/runs', {
      headers: { authorization: 'Bearer vsk_0123456789abcdef' },
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('disk on fire');
    expect(JSON.parse(text)).toMatchObject({
      status: 500,
      code: 'internal',
      message: expect.stringMatching(/reference [0-9a-f-]{36}/),
    });
  });
});

describe('server-side faults answer 500/503 with a reference, log the cause, and show no path', () => {
  /** An app over the fixture's store whose log lines are kept. */
  async function appWith(options: { keysFile?: string; modelId?: string }) {
    const { createApi } = await import('../../shared/api/index.ts');
    const { createLanceQueryPort } = await import('../../shared/api/lance/index.ts');
    const { lanceQueryDeps } = await import('../../shared/runtime/query-deps.ts');
    const { fileKeyStore } = await import('../../shared/keys/file.ts');
    const { keyAuth } = await import('../../shared/keys/index.ts');
    const { createLogger } = await import('../../shared/log/index.ts');
    const lines: string[] = [];
    const log = createLogger('error', (line) => lines.push(line));
    const deps = await lanceQueryDeps(fx.runtime);
    const real = await fx.runtime.embedder();
    if (options.modelId) deps.embedder = async () => ({ ...real, modelId: options.modelId as string });
    const keys = options.keysFile ? fileKeyStore(options.keysFile) : fx.keys;
    const app = createApi({ query: createLanceQueryPort(deps), auth: keyAuth(keys) }, { log });
    const request = (path: string, init: RequestInit = {}) =>
      app.request(path, { ...init, headers: { authorization: `Bearer ${fx.key.all}`, ...init.headers } });
    return { request, lines, close: () => deps.curation.close() };
  }

  async function expectHidden(response: Response, status: number, lines: string[], cause: RegExp) {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    expect(text).not.toContain(fx.dir);
    const body = JSON.parse(text);
    expect(errorBodySchema.safeParse(body).success).toBe(true);
    const reference = /reference ([0-9a-f-]{36})/.exec(body.message)?.[1];
    expect(reference, body.message).toBeDefined();
    const logged = lines.map((line) => JSON.parse(line)).find((line) => line.reference === reference);
    expect(logged?.error).toMatch(cause);
  }

  it('a corrupt key file: 503, its path only in the log', async () => {
    const { writeFile } = await import('node:fs/promises');
    const file = `${fx.dir}/corrupt-keys.json`;
    await writeFile(file, '{"keys": [oops');
    const app = await appWith({ keysFile: file });
    await expectHidden(
      await app.request(`${base}/images`),
      503,
      app.lines,
      /corrupt-keys\.json is not valid JSON/,
    );
    app.close();
  });

  it("a server whose model is not the store's: 503, the database path only in the log", async () => {
    const app = await appWith({ modelId: 'another-model' });
    const form = new FormData();
    form.set('image', new Blob([await pngBomb(64, 64)]), 'grey.png');
    const response = await app.request(`${base}/search/similar`, { method: 'POST', body: form });
    await expectHidden(response, 503, app.lines, /holds vectors of model/);
    app.close();
  });
});

describe('a streamed answer is validated before its first byte', () => {
  it('an export whose store read fails answers 500 with a body, not a 200 that breaks off', async () => {
    const { createApi } = await import('../../shared/api/index.ts');
    const { createLanceQueryPort } = await import('../../shared/api/lance/index.ts');
    const { lanceQueryDeps } = await import('../../shared/runtime/query-deps.ts');
    const { keyAuth } = await import('../../shared/keys/index.ts');
    const deps = await lanceQueryDeps(fx.runtime);
    const failing = new Proxy(deps.store.images, {
      get: (target, name) =>
        typeof target[name as keyof typeof target] === 'function'
          ? () => Promise.reject(new Error('lance: offset out of range'))
          : target[name as keyof typeof target],
    });
    const port = createLanceQueryPort({ ...deps, store: { ...deps.store, images: failing } });
    const app = createApi({ query: port, auth: keyAuth(fx.keys) });
    const response = await app.request(`${base}/export?format=jsonl`, {
      headers: { authorization: `Bearer ${fx.key.all}` },
    });
    const text = await response.text();
    expect(response.status, text).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ code: 'internal' });
    deps.curation.close();
  });
});
