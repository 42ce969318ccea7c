import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagePageSchema } from '../../shared/api/schemas/images.ts';
import { type MapPage, mapPageSchema } from '../../shared/api/schemas/map.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
beforeAll(async () => {
  fx = await apiFixture();
});
afterAll(() => fx?.cleanup());

async function mapPage(query = ''): Promise<MapPage> {
  const response = await fx.request(`/v1/datasets/pets/map?${query}`);
  expect(response.status).toBe(200);
  return mapPageSchema.parse(await response.json());
}

describe('GET /v1/datasets/{dataset}/map', () => {
  it('places every image of the run once, in [0, 1], with its label and duplicate role', async () => {
    const page = await mapPage();
    const { points } = page;
    expect(page.total).toBe(fx.images.pets.length);
    expect(new Set(points.id)).toEqual(new Set(fx.images.pets.map((image) => image.id)));
    for (const v of [...points.x, ...points.y]) expect(v >= 0 && v <= 1).toBe(true);
    const byId = new Map(fx.images.pets.map((image) => [image.id, image]));
    points.id.forEach((id, i) => {
      const label = points.label[i] < 0 ? null : page.labels[points.label[i]];
      expect(label).toBe(byId.get(id)?.label ?? null);
    });
    // The sample set plants near duplicates: each cluster shows one keeper and its drops.
    expect(points.duplicate).toContain('keeper');
    expect(points.duplicate).toContain('drop');
    expect(points.clusters).toHaveLength(5);
    expect(page.nextFrom).toBeNull();
  });

  it('pages by sample rank: pages are disjoint and together are the whole map', async () => {
    const first = await mapPage('limit=10');
    expect(first.points.id).toHaveLength(10);
    expect(first.nextFrom).toBe(10);
    const seen = [...first.points.id];
    for (let from = first.nextFrom; from !== null; ) {
      const next = await mapPage(`from=${from}&limit=10`);
      seen.push(...next.points.id);
      from = next.nextFrom;
    }
    expect(seen).toHaveLength(fx.images.pets.length);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('a box on the map is a filter of the listing (mapx / mapy ranges)', async () => {
    const { points } = await mapPage();
    const inBox = points.id.filter((_, i) => points.x[i] <= 0.5 && points.y[i] >= 0.25);
    const q = encodeURIComponent('mapx<=0.5 mapy>=0.25');
    const response = await fx.request(`/v1/datasets/pets/images?q=${q}&limit=200`);
    expect(response.status).toBe(200);
    const listed = imagePageSchema.parse(await response.json()).items.map((item) => item.id);
    expect(new Set(listed)).toEqual(new Set(inBox));
  });

  it('answers a bad page with a 400', async () => {
    for (const query of ['limit=0', 'limit=50001', 'from=-1', 'from=x', 'level=2']) {
      const response = await fx.request(`/v1/datasets/pets/map?${query}`);
      expect(response.status, query).toBe(400);
    }
  });

  it('an unknown dataset is a 404', async () => {
    expect((await fx.request('/v1/datasets/nothing/map')).status).toBe(404);
  });
});
