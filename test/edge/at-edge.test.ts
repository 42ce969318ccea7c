import { describe, expect, it } from 'vitest';
import { answer, type Call, fx, invocations, jsonBody, viaDirect, viaEdge } from './helpers.ts';

const base = '/v1/datasets/pets';
const id = 'a'.repeat(32);

interface Case {
  name: string;
  path: string;
  call?: Call;
  status: number;
  code: string;
}

const cases: Case[] = [
  { name: 'no key', path: `${base}/images`, call: { key: null }, status: 401, code: 'unauthorized' },
  {
    name: 'a malformed key',
    path: `${base}/images`,
    call: { key: 'short' },
    status: 401,
    code: 'invalid_key',
  },
  {
    name: 'an unknown key',
    path: '/v1/datasets',
    call: { key: `vsk_${'x'.repeat(43)}` },
    status: 401,
    code: 'invalid_key',
  },
  { name: 'a revoked key', path: base, call: { key: fx.keys.revoked }, status: 401, code: 'invalid_key' },
  {
    name: "another dataset's key",
    path: `${base}/images`,
    call: { key: fx.keys.other },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'no key on a search',
    path: `${base}/search/text`,
    call: { key: null, ...jsonBody({ query: 'lamp' }) },
    status: 401,
    code: 'unauthorized',
  },
  { name: 'a negative limit', path: `${base}/images?limit=-1`, status: 400, code: 'invalid_input' },
  { name: 'a huge limit', path: `${base}/images?limit=100000`, status: 400, code: 'invalid_input' },
  { name: 'an unknown issue', path: `${base}/images?issue=blurry`, status: 400, code: 'invalid_input' },
  { name: 'an unknown parameter', path: `${base}/images?colour=red`, status: 400, code: 'unknown_field' },
  {
    name: 'an injection in the sort',
    path: `${base}/images?sort=${encodeURIComponent("key' OR 1=1 --")}`,
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'path traversal in an image id',
    path: `${base}/images/..%2F..%2Fapi-keys.json`,
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'a bad dataset name',
    path: '/v1/datasets/Pets%3B%20DROP/images',
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'a confidence above 1',
    path: `${base}/images/${id}?threshold=2`,
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'malformed JSON',
    path: `${base}/search/text`,
    call: jsonBody('{"query": "lamp"'),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'a wrong type in the body',
    path: `${base}/search/text`,
    call: jsonBody({ query: 'lamp', limit: 'ten' }),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'two sources for find-similar',
    path: `${base}/search/similar`,
    call: jsonBody({ imageId: id, objectId: id }),
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'a body that is not JSON',
    path: `${base}/search/text`,
    call: { method: 'POST', body: 'query=lamp', headers: { 'content-type': 'text/plain' } },
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'an unknown route', path: '/v1/images', status: 404, code: 'not_found' },
];

describe('answered at the edge without invoking the Lambda, with the API body', () => {
  it.each(cases)('$name: $status $code', async ({ path, call, status, code }) => {
    const { response, tag } = await viaEdge(path, call);
    const edge = await answer(response);
    expect(edge).toMatchObject({ status, body: { status, code } });
    expect(edge).toEqual(await answer(await viaDirect(path, call)));
    expect(await invocations(tag)).toEqual([]);
  });

  it('an upload larger than one Lambda invocation can carry: 413 at the edge', async () => {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(5 * 1024 * 1024)], { type: 'image/png' }), 'big.png');
    const { response, tag } = await viaEdge(`${base}/search/similar`, { method: 'POST', body: form });
    expect(await answer(response)).toMatchObject({ status: 413, body: { status: 413, code: 'too_large' } });
    expect(await invocations(tag)).toEqual([]);
  });

  it('the OpenAPI document is built at the edge from the same routes', async () => {
    const { response, tag } = await viaEdge('/v1/openapi.json', { key: null });
    const edge = (await answer(response)).body as { paths: unknown };
    const direct = (await answer(await viaDirect('/v1/openapi.json', { key: null }))).body as {
      paths: unknown;
    };
    expect(edge.paths).toEqual(direct.paths);
    expect(await invocations(tag)).toEqual([]);
  });
});
