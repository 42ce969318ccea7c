import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, createApi, createForwardingPort } from '../../shared/api/index.ts';
import { keyAuth } from '../../shared/keys/index.ts';
import { textFile } from '../helpers/images.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
let edge: ApiApp;
let forwarded = 0;
beforeAll(async () => {
  fx = await apiFixture({ count: 20 });
  // What the edge Worker runs: the same routes, its own auth, and a port that asks the query service.
  const query = createForwardingPort({
    key: fx.key.all,
    send: async (request) => {
      forwarded++;
      return fx.app.fetch(request);
    },
  });
  edge = createApi({ query, auth: keyAuth(fx.keys) });
});
afterAll(() => fx?.cleanup());

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

async function both(path: string, init: () => RequestInit = () => ({}), key = fx.key.pets) {
  const ask = async (app: ApiApp) => {
    const base = init();
    const headers = new Headers(base.headers);
    headers.set('authorization', `Bearer ${key}`);
    const response = await app.request(path, { ...base, headers });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: Buffer.from(await response.arrayBuffer()),
    };
  };
  return { direct: await ask(fx.app), viaEdge: await ask(edge) };
}

describe('the forwarding port (the edge seam)', () => {
  it('gives the same answers through the edge as direct, route by route', async () => {
    const image = fx.images.pets.find((row) => row.caption) ?? fx.images.pets[0];
    const firstPage = JSON.parse(
      (await both('/v1/datasets/pets/images?issue=duplicates&limit=2')).direct.body.toString(),
    );
    const cases: [string, () => RequestInit][] = [
      ['/v1/health', () => ({})],
      ['/v1/datasets', () => ({})],
      ['/v1/datasets/pets', () => ({})],
      ['/v1/datasets/pets/images?label=circles&tag=x&limit=3', () => ({})],
      ['/v1/datasets/pets/images?issue=mislabels&issue=dark&threshold=0.4&sort=key&limit=4', () => ({})],
      [`/v1/datasets/pets/images?issue=duplicates&limit=2&cursor=${firstPage.nextCursor}`, () => ({})],
      [`/v1/datasets/pets/images/${image.id}?threshold=0.2`, () => ({})],
      [`/v1/datasets/pets/images/${image.id}/thumbnail`, () => ({})],
      [`/v1/datasets/pets/images/${image.id}/original`, () => ({})],
      [
        '/v1/datasets/pets/search/text',
        () => json({ query: 'striped lamp', limit: 3, filters: { uniqueness: { min: 0 } } }),
      ],
      [
        '/v1/datasets/pets/search/similar',
        () => json({ imageId: image.id, box: { x: 0.1, y: 0.1, width: 0.5, height: 0.5 }, limit: 3 }),
      ],
      [
        '/v1/datasets/pets/search/similar',
        () => json({ cluster: { kind: 'visual', level: 1, id: 0 }, limit: 2 }),
      ],
      ['/v1/datasets/pets/clusters?kind=duplicates&limit=2', () => ({})],
      ['/v1/datasets/pets/clusters?kind=visual&level=2', () => ({})],
      ['/v1/datasets/pets/objects?label=lamp', () => ({})],
      ['/v1/datasets/pets/runs', () => ({})],
      ['/v1/datasets/pets/reports/latest?format=html', () => ({})],
      ['/v1/datasets/pets/export?format=csv&issue=duplicates', () => ({})],
      ['/v1/datasets/pets/export?format=parquet&label=circles', () => ({})],
    ];
    for (const [path, init] of cases) {
      const { direct, viaEdge } = await both(path, init);
      expect(direct.status, path).toBe(200);
      expect(viaEdge, path).toEqual(direct);
    }
  });

  it('uploads through the edge and answers the same', async () => {
    const image = fx.images.pets[0];
    const bytes = await readFile(join(fx.runtime.config.inbox as string, image.key));
    const form = () => {
      const body = new FormData();
      body.set('image', new Blob([bytes]), 'q.png');
      body.set('limit', '3');
      return { method: 'POST', body };
    };
    const { direct, viaEdge } = await both('/v1/datasets/pets/search/similar', form);
    expect(direct.status).toBe(200);
    expect(viaEdge).toEqual(direct);
  });

  it('answers errors the same way, and checks keys and input before forwarding anything', async () => {
    const before = forwarded;
    for (const [path, init, key] of [
      ['/v1/datasets/other/images', () => ({}), fx.key.pets],
      ['/v1/datasets/pets/images?limit=0', () => ({}), fx.key.pets],
      ['/v1/datasets/pets/search/text', () => json({ query: '' }), fx.key.pets],
      ['/v1/datasets/pets/images', () => ({}), fx.key.revoked],
    ] as const) {
      const { direct, viaEdge } = await both(path, init, key);
      expect(direct.status, path).toBeGreaterThanOrEqual(400);
      expect(viaEdge, path).toEqual(direct);
    }
    expect(forwarded).toBe(before);
    for (const [path, init] of [
      [`/v1/datasets/pets/images/${'0'.repeat(32)}`, () => ({})],
      ['/v1/datasets/pets/search/similar', () => json({ objectId: 'f'.repeat(32) })],
      [
        '/v1/datasets/pets/search/similar',
        () => {
          const body = new FormData();
          body.set('image', new Blob([textFile()]), 'notes.jpg');
          return { method: 'POST', body };
        },
      ],
    ] as const) {
      const { direct, viaEdge } = await both(path, init);
      expect(direct.status, path).toBeGreaterThanOrEqual(400);
      expect(viaEdge, path).toEqual(direct);
    }
  });
});
