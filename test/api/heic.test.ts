import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { heic, scene } from '../helpers/images.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
let photo: Buffer;
beforeAll(async () => {
  fx = await apiFixture({ count: 8 });
  photo = await heic(await scene(21, 'polygons', 480, 360));
});
afterAll(() => fx?.cleanup());

describe('HEIC photos in ingest and upload search', () => {
  it('ingests a phone folder of HEIC files as images, not failures', async () => {
    const folder = await mkdtemp(join(fx.dir, 'phone-'));
    await mkdir(join(folder, 'DCIM'));
    await writeFile(join(folder, 'DCIM', 'IMG_0001.HEIC'), photo);
    await writeFile(join(folder, 'DCIM', 'IMG_0002.heic'), await heic(await scene(22, 'circles', 360, 480)));
    const summary = await ingestFolder(folder, fx.runtime.ingestContext(await fx.runtime.embedder()));
    expect(summary).toMatchObject({ ingested: 2, failed: [] });
    const row = await fx.runtime.store.images.getByKey('pets', 'DCIM/IMG_0001.HEIC');
    expect(row).toMatchObject({ format: 'heic', width: 480, height: 360 });
  });

  it('finds the ingested photo from an uploaded HEIC of it', async () => {
    const form = new FormData();
    form.set('image', new Blob([photo]), 'IMG_0001.HEIC');
    const response = await fx.request('/v1/datasets/pets/search/similar', { method: 'POST', body: form });
    const body = (await response.json()) as { hits: { key: string; score: number }[] };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.hits[0]).toMatchObject({ key: 'DCIM/IMG_0001.HEIC' });
    expect(body.hits[0].score).toBeGreaterThan(0.99);
  });
});
