import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/index.ts';
import { fileKeyStore } from '../../shared/keys/file.ts';
import { keyAuth } from '../../shared/keys/index.ts';
import { tempDir } from '../store/helpers.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
beforeAll(async () => {
  fx = await apiFixture({ count: 20 });
});
afterAll(() => fx?.cleanup());

/** One real request for every authenticated route, against a dataset. */
/** `ok`: what its own key and then the all-datasets key get (default 200 twice); writes differ the second time. */
function requests(
  dataset: 'pets' | 'other',
): { name: string; path: string; init?: RequestInit; ok?: [number, number] }[] {
  const image = fx.images[dataset][0];
  const base = `/v1/datasets/${dataset}`;
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return [
    { name: 'summary', path: base },
    { name: 'images', path: `${base}/images?limit=3` },
    { name: 'image', path: `${base}/images/${image.id}` },
    { name: 'thumbnail', path: `${base}/images/${image.id}/thumbnail` },
    { name: 'original', path: `${base}/images/${image.id}/original` },
    { name: 'text search', path: `${base}/search/text`, init: json({ query: 'boat circles' }) },
    { name: 'similar', path: `${base}/search/similar`, init: json({ imageId: image.id }) },
    { name: 'clusters', path: `${base}/clusters?kind=visual` },
    { name: 'objects', path: `${base}/objects` },
    { name: 'runs', path: `${base}/runs` },
    { name: 'report', path: `${base}/reports/latest` },
    { name: 'label health', path: `${base}/labels/health` },
    { name: 'export', path: `${base}/export?format=csv` },
    { name: 'leaks', path: `${base}/leaks` },
    { name: 'representatives', path: `${base}/representatives?count=3` },
    { name: 'map', path: `${base}/map?limit=10` },
    { name: 'distributions', path: `${base}/distributions` },
    { name: 'views', path: `${base}/views` },
    {
      name: 'save view',
      path: `${base}/views`,
      init: json({ name: 'auth', query: 'has:label' }),
      ok: [201, 409],
    },
    { name: 'view', path: `${base}/views/auth` },
    { name: 'view alerts', path: `${base}/views/auth/alerts` },
    { name: 'delete view', path: `${base}/views/auth`, init: { method: 'DELETE' }, ok: [200, 404] },
    { name: 'snapshots', path: `${base}/snapshots` },
    { name: 'create snapshot', path: `${base}/snapshots`, init: json({ name: 'auth' }), ok: [201, 409] },
    { name: 'snapshot diff', path: `${base}/snapshots/auth/diff` },
    // Restoring rewrites the dataset: a dataset-scoped key may not.
    { name: 'restore', path: `${base}/snapshots/auth/restore`, init: { method: 'POST' }, ok: [403, 200] },
    { name: 'training export', path: `${base}/export/training?format=list` },
  ];
}

describe('auth matrix', () => {
  it('covers every authenticated route', () => {
    const covered = requests('pets').length + 1; // + GET /v1/datasets
    expect(covered).toBe(apiRoutes.filter((route) => route.auth).length);
  });

  for (const dataset of ['pets', 'other'] as const) {
    it(`${dataset}: no key 401, revoked 401, another dataset's key 403, its own key or an all-datasets key 200`, async () => {
      const own = dataset === 'pets' ? fx.key.pets : fx.key.other;
      const foreign = dataset === 'pets' ? fx.key.other : fx.key.pets;
      for (const { name, path, init, ok = [200, 200] } of requests(dataset)) {
        const statuses = [];
        for (const key of [
          null,
          fx.key.revoked,
          'vsk_not-a-key-at-all-1234567890',
          foreign,
          own,
          fx.key.all,
        ]) {
          const response = await fx.request(path, { ...init, key });
          statuses.push(response.status);
          await response.arrayBuffer();
        }
        expect(statuses, name).toEqual([401, 401, 401, 403, ...ok]);
      }
    });
  }

  it('lists only the datasets a key may read', async () => {
    const names = async (key: string) =>
      ((await (await fx.request('/v1/datasets', { key })).json()) as { items: { name: string }[] }).items.map(
        (i) => i.name,
      );
    expect(await names(fx.key.pets)).toEqual(['pets']);
    expect(await names(fx.key.other)).toEqual(['other']);
    expect(await names(fx.key.all)).toEqual(['other', 'pets']);
  });

  it('takes the key from X-API-Key too, and refuses a malformed Authorization header', async () => {
    const viaHeader = await fx.request('/v1/datasets/pets/runs', {
      key: null,
      headers: { 'x-api-key': fx.key.pets },
    });
    expect(viaHeader.status).toBe(200);
    const basic = await fx.request('/v1/datasets/pets/runs', {
      key: null,
      headers: { authorization: `Basic ${fx.key.pets}` },
    });
    expect(basic.status).toBe(401);
  });

  it('stops accepting a key as soon as it is revoked, also by another process writing the file', async () => {
    const created = await fx.keys.create({ datasets: ['pets'] });
    expect((await fx.request('/v1/datasets/pets/runs', { key: created.key })).status).toBe(200);
    // A second store instance over the same file: what `viscura keys revoke` does from another process.
    await fileKeyStore(join(fx.dir, 'api-keys.json')).revoke(created.info.id);
    expect((await fx.request('/v1/datasets/pets/runs', { key: created.key })).status).toBe(401);
  });
});

describe('key store', () => {
  it('stores only hashes, shows a key once, and loses no key under concurrent creates', async () => {
    const temp = await tempDir('viscura-keys-');
    try {
      const path = join(temp.dir, 'api-keys.json');
      const store = fileKeyStore(path);
      const created = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.create({ datasets: [`d${i}`] })),
      );
      const text = await readFile(path, 'utf8');
      for (const { key } of created) expect(text).not.toContain(key.slice(4));
      expect(await store.list()).toHaveLength(12);
      const auth = keyAuth(store);
      for (const [i, { key, info }] of created.entries()) {
        expect(await auth.verify(key)).toEqual({ keyId: info.id, datasets: [`d${i}`] });
      }
      expect(await store.revoke('0000000000000000')).toBe(false);
    } finally {
      await temp.cleanup();
    }
  });
});
