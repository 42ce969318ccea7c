import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeyStore } from '../../shared/keys/file.ts';
import { type SplitFixture, splitFixture } from './fixture.ts';

let fx: SplitFixture;
let otherKey: string;
let adminKey: string;
beforeAll(async () => {
  fx = await splitFixture();
  const keys = fileKeyStore(join(fx.dir, 'api-keys.json'));
  otherKey = (await keys.create({ datasets: ['splits'], name: 'another' })).key;
  adminKey = (await keys.create({ datasets: null, name: 'admin' })).key;
});
afterAll(async () => {
  await fx?.cleanup();
});

const json = (method: string, body: unknown, key?: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field below
const body = async (response: Response | Promise<Response>): Promise<any> => (await response).json();
const as = (key: string, path: string, init: RequestInit = {}) =>
  Promise.resolve(
    fx.app.request(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } }),
  );

describe('views, snapshots and training export over the API', () => {
  it('saves, lists and deletes a view, and only its own key (or an all-datasets key) deletes it', async () => {
    const made = await fx.request(
      '/v1/datasets/splits/views',
      json('POST', { name: 'dups', query: 'dup:any' }),
    );
    expect(made.status).toBe(201);
    expect(await body(made)).toMatchObject({
      view: { name: 'dups', query: 'dup:any', webhook: null },
      total: 6,
    });
    const list = await body(fx.request('/v1/datasets/splits/views'));
    expect(list.items.map((v: { name: string }) => v.name)).toEqual(['dups']);
    expect(await body(fx.request('/v1/datasets/splits/views/dups/alerts'))).toEqual({ items: [] });
    expect((await as(otherKey, '/v1/datasets/splits/views/dups', { method: 'DELETE' })).status).toBe(403);
    expect((await fx.request('/v1/datasets/splits/views/dups', { method: 'DELETE' })).status).toBe(200);
    expect((await fx.request('/v1/datasets/splits/views/dups')).status).toBe(404);
    expect((await fx.request('/v1/datasets/splits/views/dups', { method: 'DELETE' })).status).toBe(404);
  });

  it('answers bad view requests with a 4xx that says what is wrong', async () => {
    const post = (body: unknown) => fx.request('/v1/datasets/splits/views', json('POST', body));
    const cases: [unknown, number, RegExp][] = [
      [{ name: 'Bad Name', query: 'split:test' }, 400, /name/],
      [{ name: 'a', query: 'colour:red' }, 400, /colour:red/],
      [{ name: 'a', query: 'split:test sunset' }, 400, /conditions only/],
      [{ name: 'a', query: 'split:test', webhook: { url: 'https://example.com/h' } }, 400, /allowWebhooks/],
      [{ name: 'a', query: 'split:test', where: '1=1' }, 400, /where/],
      ['{oops', 400, /JSON/],
    ];
    for (const [body, status, message] of cases) {
      const response = await post(body);
      const text = await response.text();
      expect(response.status, text).toBe(status);
      expect(text).toMatch(message);
    }
    expect((await post({ name: 'twice', query: 'split:val' })).status).toBe(201);
    expect((await post({ name: 'twice', query: 'split:val' })).status).toBe(409);
    expect((await fx.app.request('/v1/datasets/splits/views')).status).toBe(401);
  });

  it('creates, lists and diffs snapshots; restore takes an all-datasets key', async () => {
    const made = await fx.request('/v1/datasets/splits/snapshots', json('POST', { name: 'before' }));
    expect(made.status).toBe(201);
    expect((await body(made)).counts.images).toBe(15);
    expect((await fx.request('/v1/datasets/splits/snapshots', json('POST', { name: 'before' }))).status).toBe(
      409,
    );
    expect((await fx.request('/v1/datasets/splits/snapshots', json('POST', { name: '../x' }))).status).toBe(
      400,
    );
    const list = await body(fx.request('/v1/datasets/splits/snapshots'));
    expect(list.items.map((s: { name: string }) => s.name)).toEqual(['before']);
    const diff = await body(fx.request('/v1/datasets/splits/snapshots/before/diff?limit=5'));
    expect(diff).toMatchObject({ from: 'before', to: 'current', counts: { added: 0, removed: 0 } });
    expect((await fx.request('/v1/datasets/splits/snapshots/nope/diff')).status).toBe(404);
    expect((await fx.request('/v1/datasets/splits/snapshots/before/diff?limit=0')).status).toBe(400);
    expect(
      (await fx.request('/v1/datasets/splits/snapshots/before/restore', { method: 'POST' })).status,
    ).toBe(403);
    const restored = await as(adminKey, '/v1/datasets/splits/snapshots/before/restore', { method: 'POST' });
    expect(restored.status).toBe(200);
    expect((await body(restored)).undo).toMatch(/^before-restore-/);
  });

  it('streams a COCO export of a query as a .tar.gz, bounded, with the images when asked', async () => {
    const response = await fx.request(
      `/v1/datasets/splits/export/training?format=coco&images=copy&q=${encodeURIComponent('split:test')}`,
    );
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    const out = await mkdtemp(join(tmpdir(), 'viscura-untar-'));
    try {
      await pipeline(Readable.fromWeb(response.body as never), extract({ cwd: out }));
      const coco = JSON.parse(await readFile(join(out, 'splits/annotations/instances_test.json'), 'utf8'));
      expect(coco.images).toHaveLength(4);
      // Every image of the view is in the archive, under its key.
      const copied = await readdir(join(out, 'splits/images'), { recursive: true });
      const files = copied
        .filter((name) => /\.(png|jpg)$/.test(name))
        .map((name) => name.replaceAll('\\', '/'));
      expect(files.sort()).toEqual(
        coco.images.map((image: { file_name: string }) => image.file_name.replace(/^images\//, '')).sort(),
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    const tooMany = await fx.request(
      '/v1/datasets/splits/export/training?format=yolo&images=copy&maxImages=6000',
    );
    expect(tooMany.status).toBe(400);
    expect((await fx.request('/v1/datasets/splits/export/training?format=voc')).status).toBe(400);
    expect((await fx.request('/v1/datasets/splits/export/training?format=coco&q=colour:red')).status).toBe(
      400,
    );
  });

  it('documents every new route in the OpenAPI document', async () => {
    const doc = await body(fx.app.request('/v1/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/datasets/{dataset}/views',
        '/v1/datasets/{dataset}/views/{name}',
        '/v1/datasets/{dataset}/views/{name}/alerts',
        '/v1/datasets/{dataset}/snapshots',
        '/v1/datasets/{dataset}/snapshots/{name}/diff',
        '/v1/datasets/{dataset}/snapshots/{name}/restore',
        '/v1/datasets/{dataset}/export/training',
      ]),
    );
    expect(doc.paths['/v1/datasets/{dataset}/views/{name}'].delete).toBeDefined();
  });
});
