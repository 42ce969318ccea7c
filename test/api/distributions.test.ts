import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributionsSchema, type ScoreDistributions } from '../../shared/api/schemas/distributions.ts';
import { imagePageSchema } from '../../shared/api/schemas/images.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
beforeAll(async () => {
  fx = await apiFixture();
});
afterAll(() => fx?.cleanup());

async function distributions(dataset: string, query = ''): Promise<ScoreDistributions> {
  const response = await fx.request(`/v1/datasets/${dataset}/distributions?${query}`);
  expect(response.status).toBe(200);
  return distributionsSchema.parse(await response.json());
}

const above = (counts: number[], threshold: number) =>
  counts.slice(Math.round(threshold * counts.length)).reduce((sum, n) => sum + n, 0);

describe('GET /v1/datasets/{dataset}/distributions', () => {
  it('bins every image once per quality score, 20 bins by default', async () => {
    const { bins, scores } = await distributions('pets');
    expect(bins).toBe(20);
    for (const issue of ['blur', 'dark', 'bright'] as const) {
      expect(scores[issue].counts).toHaveLength(20);
      expect(scores[issue].total).toBe(fx.images.pets.length);
    }
  });

  it('"N above" a cut equals what the listing returns at that threshold, for each issue', async () => {
    const { scores } = await distributions('pets');
    for (const issue of ['blur', 'dark', 'duplicates', 'mislabels', 'outliers'] as const) {
      for (const threshold of [0.3, 0.5]) {
        const response = await fx.request(
          `/v1/datasets/pets/images?issue=${issue}&threshold=${threshold}&limit=200`,
        );
        const listed = imagePageSchema.parse(await response.json()).items.length;
        expect(above(scores[issue].counts, threshold), `${issue} >= ${threshold}`).toBe(listed);
      }
    }
  });

  it('"N above" a uniqueness cut equals what "uniqueness at least" lists', async () => {
    const { uniqueness } = await distributions('pets');
    expect(uniqueness.counts).toHaveLength(20);
    expect(uniqueness.total).toBeGreaterThan(0);
    for (const min of [0.05, 0.3, 0.5, 0.7]) {
      const response = await fx.request(`/v1/datasets/pets/images?uniquenessMin=${min}&limit=200`);
      const listed = imagePageSchema.parse(await response.json()).items.length;
      expect(above(uniqueness.counts, min), `uniqueness >= ${min}`).toBe(listed);
    }
  });

  it('keeps datasets apart: the other dataset counts only its own images', async () => {
    const { scores } = await distributions('other');
    expect(scores.blur.total).toBe(fx.images.other.length);
    expect(scores.duplicates.total).toBeLessThanOrEqual(fx.images.other.length);
  });

  it('answers bad input with a 400 and an unknown dataset with a 404', async () => {
    for (const query of ['bins=1', 'bins=101', 'bins=x', 'bins=', 'level=2']) {
      expect((await fx.request(`/v1/datasets/pets/distributions?${query}`)).status, query).toBe(400);
    }
    expect((await fx.request('/v1/datasets/nothing/distributions')).status).toBe(404);
  });
});
