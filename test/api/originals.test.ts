import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../shared/api/index.ts';
import { createLanceQueryPort } from '../../shared/api/lance/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { keyAuth } from '../../shared/keys/index.ts';
import { lanceQueryDeps } from '../../shared/runtime/query-deps.ts';
import { recordOrigin } from '../../shared/store/index.ts';
import { flatImage } from '../helpers/images.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
let cFolder: string;
let cKey: string;
beforeAll(async () => {
  fx = await apiFixture({ count: 16 });
  // Dataset c holds a file under the same key as a pets image, with other content.
  cFolder = join(fx.dir, 'c-photos');
  const key = fx.images.pets[0].key;
  await mkdir(join(cFolder, ...key.split('/').slice(0, -1)), { recursive: true });
  await writeFile(join(cFolder, key), await flatImage(120, 90, '#c03030'));
  await ingestFolder(cFolder, { ...fx.runtime.ingestContext(await fx.runtime.embedder()), dataset: 'c' });
  cKey = (await fx.keys.create({ datasets: ['c'], name: 'c only' })).key;
});
afterAll(() => fx?.cleanup());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The API as `viscura serve --dataset <dataset>` builds it over the fixture's data dir. */
async function serveAs(dataset: string) {
  const runtime = { ...fx.runtime, config: { ...fx.runtime.config, dataset } };
  const deps = await lanceQueryDeps(runtime);
  const app = createApi({ query: createLanceQueryPort(deps), auth: keyAuth(fx.keys) });
  return {
    get: (path: string, key: string) => app.request(path, { headers: { authorization: `Bearer ${key}` } }),
    close: () => deps.curation.close(),
  };
}

const cImage = async () => {
  const row = await fx.runtime.store.images.getByKey('c', fx.images.pets[0].key);
  if (!row) throw new Error('dataset c was not ingested');
  return row;
};

describe('originals resolve per dataset and are checked against the stored hash', () => {
  it('serves a pets original whose bytes match what was ingested', async () => {
    const image = fx.images.pets[0];
    const response = await fx.request(`/v1/datasets/pets/images/${image.id}/original`);
    expect(response.status).toBe(200);
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(image.sha256);
  });

  // The audit: with `serve --dataset c`, a key for c downloaded dataset pets' file from the inbox.
  it('never serves another dataset file under the same key: 409 when only that file is there', async () => {
    const server = await serveAs('c');
    const image = await cImage();
    const response = await server.get(`/v1/datasets/c/images/${image.id}/original`, cKey);
    const text = await response.text();
    expect(response.status, text).toBe(409);
    expect(JSON.parse(text)).toMatchObject({ code: 'original_changed' });
    server.close();
  });

  it("serves c's own file once c's folder is recorded as its origin", async () => {
    await recordOrigin(fx.runtime.config.dataDir, 'c', cFolder);
    const server = await serveAs('c');
    const image = await cImage();
    const response = await server.get(`/v1/datasets/c/images/${image.id}/original`, cKey);
    expect(response.status).toBe(200);
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(image.sha256);
    server.close();
  });

  it('answers 409 original_changed for a file edited since it was ingested', async () => {
    const image = fx.images.pets[1];
    const path = join(fx.runtime.config.inbox, image.key);
    const before = await readFile(path);
    await writeFile(path, await flatImage(64, 48));
    try {
      const response = await fx.request(`/v1/datasets/pets/images/${image.id}/original`);
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({
        status: 409,
        code: 'original_changed',
        message: expect.stringMatching(/changed since it was ingested/),
      });
    } finally {
      await writeFile(path, before);
    }
  });
});
