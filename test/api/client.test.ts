import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ApiCallError, type ApiClient, apiUrl, createApiClient } from '../../shared/api/client.ts';
import type { ImagePage } from '../../shared/api/schemas/images.ts';
import { imagePageSchema } from '../../shared/api/schemas/images.ts';
import { searchResultSchema } from '../../shared/api/schemas/search.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
let api: ApiClient;
beforeAll(async () => {
  fx = await apiFixture();
  api = createApiClient((url, init) => fx.request(url, init));
});
afterAll(() => fx?.cleanup());

describe('the typed client', () => {
  it('fills path parameters (encoded) and repeats array query keys', () => {
    expect(
      apiUrl('/v1/datasets/{dataset}/images', { dataset: 'a b' }, { issue: ['blur', 'dark'], limit: 5 }),
    ).toBe('/v1/datasets/a%20b/images?issue=blur&issue=dark&limit=5');
    expect(apiUrl('/v1/datasets', {}, { cursor: undefined })).toBe('/v1/datasets');
    expect(() => apiUrl('/v1/datasets/{dataset}')).toThrow(/dataset/);
  });

  it('answers with the types of the response schemas', async () => {
    const page = await api.get('/v1/datasets/{dataset}/images', {
      params: { dataset: 'pets' },
      query: { issue: 'duplicates', limit: 3 },
    });
    expectTypeOf(page).toEqualTypeOf<ImagePage>();
    expect(imagePageSchema.parse(page).items.length).toBeLessThanOrEqual(3);
    const hits = await api.post('/v1/datasets/{dataset}/search/similar', {
      params: { dataset: 'pets' },
      body: { imageId: page.items[0].id, limit: 2 },
    });
    expect(searchResultSchema.parse(hits).hits.length).toBeLessThanOrEqual(2);
    const { items } = await api.get('/v1/datasets');
    expect(items.map((item) => item.name)).toContain('pets');
  });

  it('refuses at compile time what the server would refuse for its shape', () => {
    const never = () => {
      // @ts-expect-error unknown path
      void api.get('/v1/nope');
      // @ts-expect-error the dataset parameter is required
      void api.get('/v1/datasets/{dataset}/images', { query: {} });
      // @ts-expect-error an issue the API does not know
      void api.get('/v1/datasets/{dataset}/images', { params: { dataset: 'p' }, query: { issue: 'cats' } });
      // @ts-expect-error a file route is read with file(), not as JSON
      void api.get('/v1/datasets/{dataset}/images/{id}/thumbnail', { params: { dataset: 'p', id: 'x' } });
    };
    expect(typeof never).toBe('function');
  });

  it('raises the error body of a refused request, status and code', async () => {
    const refused = api.get('/v1/datasets/{dataset}/images', {
      params: { dataset: 'pets' },
      query: { limit: 0 },
    });
    await expect(refused).rejects.toBeInstanceOf(ApiCallError);
    await expect(refused).rejects.toMatchObject({ status: 400, code: 'invalid_input' });
  });

  it('hands file routes back as responses', async () => {
    const response = await api.file('/v1/datasets/{dataset}/export', {
      params: { dataset: 'pets' },
      query: { format: 'csv' },
    });
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await response.text()).split('\n')[0]).toMatch(/^id,key/);
    // One declaration serves two paths (thumbnail, original): each is reachable with its parameters.
    const thumbnail = await api.file('/v1/datasets/{dataset}/images/{id}/thumbnail', {
      params: { dataset: 'pets', id: fx.images.pets[0].id },
    });
    expect(thumbnail.headers.get('content-type')).toMatch(/^image\//);
  });
});
