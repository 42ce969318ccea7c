import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiFailure, type Client, createClient, KeyRequired, readDownload } from '../../web/src/api.ts';
import { defaultState, filtersQuery } from '../../web/src/state.ts';
import { type ApiFixture, apiFixture } from '../api/fixture.ts';

/**
 * The page's client against the real API over a curated dataset: the page's `fetch` reaches the app in-process,
 * so the key, the errors the user sees and the filters' query string are the ones the browser would get.
 */
let fx: ApiFixture;
let key: string | null = null;
let client: Client;
const realFetch = globalThis.fetch;
beforeAll(async () => {
  fx = await apiFixture();
  globalThis.fetch = async (url, init) => fx.app.request(String(url), init);
  client = createClient(() => key);
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await fx?.cleanup();
});

describe("the page's API client", () => {
  it('asks for a key when there is none or the API refuses it (401)', async () => {
    key = null;
    await expect(client.get('/v1/datasets')).rejects.toBeInstanceOf(KeyRequired);
    key = fx.key.revoked;
    await expect(client.get('/v1/datasets')).rejects.toBeInstanceOf(KeyRequired);
  });

  it("raises the API's own message for other refusals, with the status", async () => {
    key = fx.key.pets;
    const refused = client.get('/v1/datasets/{dataset}', { params: { dataset: 'other' } });
    await expect(refused).rejects.toBeInstanceOf(ApiFailure);
    await expect(refused).rejects.toMatchObject({ status: 403 });
    const bad = client.get('/v1/datasets/{dataset}/images', {
      params: { dataset: 'pets' },
      query: { limit: 0 },
    });
    await expect(bad).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/limit/) });
  });

  it("sends the view's filters as the listing's query: only images with the chosen issue come back", async () => {
    key = fx.key.all;
    const state = { ...defaultState(), dataset: 'pets', issues: ['duplicates' as const] };
    const page = await client.get('/v1/datasets/{dataset}/images', {
      params: { dataset: 'pets' },
      query: { ...filtersQuery(state), limit: 100 },
    });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.length).toBeLessThan(fx.images.pets.length);
    for (const image of page.items) expect(image.issues.map((hit) => hit.type)).toContain('duplicates');
  });

  it('reads a file route as a blob with the file name the API suggests', async () => {
    key = fx.key.all;
    const response = await client.file('/v1/datasets/{dataset}/export', {
      params: { dataset: 'pets' },
      query: { ...filtersQuery({ ...defaultState(), dataset: 'pets' }), format: 'csv' },
    });
    const { blob, filename } = await readDownload(response);
    expect(filename).toMatch(/\.csv$/);
    expect((await blob.text()).split('\n').filter(Boolean)).toHaveLength(fx.images.pets.length + 1);
  });
});
