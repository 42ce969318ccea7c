import { describe, expect, it } from 'vitest';
import { edgeLifetime, requestRules } from '../../shared/adapters/worker/index.ts';
import { answer, fx, invocations, jsonBody, viaEdge } from './helpers.ts';

// Each test uses URLs no other test asks for: the cache lives as long as the test run.
const base = '/v1/datasets/pets';

async function twice(path: string, call: Parameters<typeof viaEdge>[1] = {}) {
  const first = await viaEdge(path, call);
  const second = await viaEdge(path, call);
  return {
    bodies: [await first.response.arrayBuffer(), await second.response.arrayBuffer()].map(
      (bytes) => new Uint8Array(bytes),
    ),
    states: [first, second].map(({ response }) => response.headers.get('x-viscura-edge-cache')),
    invoked: [(await invocations(first.tag)).length, (await invocations(second.tag)).length],
  };
}

describe('edge cache', () => {
  it('answers an authenticated GET from the cache the second time: one invocation', async () => {
    const run = await twice(`${base}/images?limit=7&sort=-size`);
    expect(run.invoked).toEqual([1, 0]);
    expect(run.states).toEqual(['miss', 'hit']);
    expect(run.bodies[1]).toEqual(run.bodies[0]);
    expect(JSON.parse(new TextDecoder().decode(run.bodies[0])).items).toHaveLength(7);
  });

  it('keys of another scope never share an answer; keys are checked before the cache', async () => {
    const path = `${base}/images?limit=8&sort=-size`;
    expect((await twice(path)).invoked).toEqual([1, 0]);
    expect((await twice(path, { key: fx.keys.pets })).invoked).toEqual([1, 0]);
    for (const [key, status] of [
      [null, 401],
      [fx.keys.revoked, 401],
      [fx.keys.other, 403],
    ] as const) {
      const { response, tag } = await viaEdge(path, { key });
      expect(response.status).toBe(status);
      expect(await invocations(tag)).toEqual([]);
    }
    const everything = await answer((await viaEdge('/v1/datasets')).response);
    const pets = await answer((await viaEdge('/v1/datasets', { key: fx.keys.pets })).response);
    expect((everything.body as { items: unknown[] }).items).toHaveLength(2);
    expect(pets.body).toEqual({ items: [expect.objectContaining({ name: 'pets' })] });
  });

  it("honours the client's Cache-Control: no-cache refreshes, no-store bypasses", async () => {
    const path = `${base}/images?limit=9&sort=-size`;
    expect((await twice(path)).invoked).toEqual([1, 0]);
    const fresh = await viaEdge(path, { headers: { 'cache-control': 'no-cache' } });
    expect(await invocations(fresh.tag)).toHaveLength(1);
    const other = `${base}/images?limit=10&sort=-size`;
    expect((await twice(other, { headers: { 'cache-control': 'no-store' } })).invoked).toEqual([1, 1]);
  });

  it('never stores errors, searches, health or private thumbnails', async () => {
    const unknown = `${base}/images/${'b'.repeat(32)}`;
    expect((await twice(unknown)).invoked).toEqual([1, 1]);
    expect((await twice(`${base}/search/text`, jsonBody({ query: 'lamp', limit: 3 }))).invoked).toEqual([
      1, 1,
    ]);
    expect((await twice('/v1/health', { key: null })).invoked).toEqual([1, 1]);
    const listing = await answer((await viaEdge(`${base}/images?limit=11&sort=key`)).response);
    const [first] = (listing.body as { items: { id: string }[] }).items;
    const thumbnail = await twice(`${base}/images/${first.id}/thumbnail`);
    expect(thumbnail.invoked).toEqual([1, 1]);
  });

  it('is off with VISCURA_EDGE_CACHE_TTL=0', async () => {
    const run = await twice(`${base}/images?limit=12&sort=-size`, {
      bindings: { VISCURA_EDGE_CACHE_TTL: '0' },
    });
    expect(run.invoked).toEqual([1, 1]);
    expect(run.states).toEqual(['bypass', 'bypass']);
  });
});

describe('what the edge may store', () => {
  const lifetime = (status: number, headers: Record<string, string> = {}) =>
    edgeLifetime(new Response('{}', { status, headers }), 60);

  it.each([
    ['no Cache-Control: the configured lifetime', 200, {}, 60],
    ['max-age', 200, { 'cache-control': 'max-age=300' }, 300],
    ['s-maxage over max-age', 200, { 'cache-control': 'max-age=5, s-maxage=120' }, 120],
    ['max-age=0', 200, { 'cache-control': 'max-age=0' }, 0],
    ['private', 200, { 'cache-control': 'private, max-age=3600' }, 0],
    ['no-store', 200, { 'cache-control': 'no-store' }, 0],
    [
      "the API's JSON: private for browsers, public for the edge (CDN-Cache-Control)",
      200,
      { 'cache-control': 'private, no-cache', 'cdn-cache-control': 'public' },
      60,
    ],
    [
      'CDN-Cache-Control max-age',
      200,
      { 'cache-control': 'no-cache', 'cdn-cache-control': 'max-age=30' },
      30,
    ],
    ['a cookie', 200, { 'set-cookie': 'a=b' }, 0],
    ['an error', 404, {}, 0],
    ['a redirect', 302, { location: 'https://bucket.example/x' }, 0],
  ])('%s', (_, status, headers, seconds) => {
    expect(lifetime(status, headers)).toBe(seconds);
  });

  it('requests: no-cache skips the lookup only, no-store the cache', () => {
    const rules = (value: string) =>
      requestRules(new Request('https://edge.example/', { headers: { 'cache-control': value } }));
    expect(rules('no-cache')).toEqual({ lookup: false, store: true });
    expect(rules('max-age=0')).toEqual({ lookup: false, store: true });
    expect(rules('no-store')).toEqual({ lookup: false, store: false });
    expect(requestRules(new Request('https://edge.example/'))).toEqual({ lookup: true, store: true });
  });
});
