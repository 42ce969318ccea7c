import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClusterPage,
  clusterPageSchema,
  runListSchema,
  type VisualCluster,
} from '../../shared/api/schemas/curation.ts';
import { type ImagePage, imagePageSchema } from '../../shared/api/schemas/images.ts';
import { type ApiFixture, apiFixture, json } from './fixture.ts';

let fx: ApiFixture;
beforeAll(async () => {
  fx = await apiFixture();
});
afterAll(() => fx?.cleanup());

async function clusterPage(query: string): Promise<ClusterPage> {
  const response = await fx.request(`/v1/datasets/pets/clusters?kind=visual&${query}`);
  expect(response.status).toBe(200);
  return clusterPageSchema.parse(await response.json());
}

/** Every cluster of a level, following the cursor. */
async function allClusters(level: number, limit = 3): Promise<VisualCluster[]> {
  const items: VisualCluster[] = [];
  let cursor: string | null = null;
  do {
    const page: ClusterPage = await clusterPage(
      `level=${level}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    for (const item of page.items) if (!('members' in item)) items.push(item);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The ids the listing gives for a visual cluster's members. */
async function memberIds(level: number, id: number): Promise<string[]> {
  const response = await fx.request(`/v1/datasets/pets/images?visualCluster=${id}&level=${level}&limit=200`);
  const page: ImagePage = imagePageSchema.parse(await response.json());
  expect(page.nextCursor).toBeNull();
  return page.items.map((item) => item.id);
}

/** Cosine of each member to the members' normalised mean: the centroid k-means ends on. */
function centrality(ids: string[]): Map<string, number> {
  const byId = new Map(fx.images.pets.map((image) => [image.id, image]));
  const unit = (v: ArrayLike<number>) => {
    const norm = Math.hypot(...Array.from(v)) || 1;
    return Array.from(v, (x) => x / norm);
  };
  const vectors = ids.map((id) => unit(byId.get(id)?.vector ?? []));
  const mean = unit(vectors[0].map((_, d) => vectors.reduce((sum, v) => sum + v[d], 0)));
  return new Map(ids.map((id, i) => [id, vectors[i].reduce((sum, x, d) => sum + x * mean[d], 0)]));
}

describe('GET /v1/datasets/{dataset}/clusters?kind=visual', () => {
  it('counts the clusters of each level (the run counted them) and pages through all of them', async () => {
    const runs = runListSchema.parse(await json(await fx.request('/v1/datasets/pets/runs?limit=1')));
    for (const level of [0, 2, 4]) {
      const first = await clusterPage(`level=${level}`);
      expect(first.total).toBe(runs.items[0].counts[`visualClusters.level${level}`]);
      const all = await allClusters(level);
      expect(all).toHaveLength(first.total as number);
      expect(all.reduce((sum, cluster) => sum + cluster.size, 0)).toBe(fx.images.pets.length);
    }
    const coarse = (await allClusters(0)).length;
    expect((await allClusters(4)).length).toBeGreaterThan(coarse);
  });

  it('previews the members nearest the centroid, nearest first', async () => {
    for (const cluster of await allClusters(2)) {
      const members = await memberIds(2, cluster.id);
      expect(members).toHaveLength(cluster.size);
      const preview = cluster.preview.map((member) => member.id);
      expect(preview).toHaveLength(Math.min(6, cluster.size));
      expect(members).toEqual(expect.arrayContaining(preview));
      const cosine = centrality(members);
      const shown = preview.map((id) => cosine.get(id) as number);
      const others = members.filter((id) => !preview.includes(id)).map((id) => cosine.get(id) as number);
      // float32 in the engine, float64 here: equal up to rounding.
      for (const value of others) expect(Math.min(...shown)).toBeGreaterThanOrEqual(value - 1e-5);
      for (let i = 1; i < shown.length; i++) expect(shown[i]).toBeLessThanOrEqual(shown[i - 1] + 1e-5);
    }
  });

  it('names the dominant labels: the top three with counts and shares, unlabelled counted as null', async () => {
    const labelOf = new Map(fx.images.pets.map((image) => [image.id, image.label]));
    for (const level of [0, 3]) {
      for (const cluster of await allClusters(level)) {
        const counts = new Map<string | null, number>();
        for (const id of await memberIds(level, cluster.id)) {
          const label = labelOf.get(id) ?? null;
          counts.set(label, (counts.get(label) ?? 0) + 1);
        }
        const expected = [...counts]
          .sort(([a, m], [b, n]) => n - m || String(a ?? '\uffff').localeCompare(String(b ?? '\uffff')))
          .slice(0, 3)
          .map(([label, count]) => ({ label, count, share: count / cluster.size }));
        expect(cluster.labels?.map(({ label, count }) => ({ label, count }))).toEqual(
          expected.map(({ label, count }) => ({ label, count })),
        );
        for (const [i, entry] of (cluster.labels ?? []).entries())
          expect(entry.share).toBeCloseTo(expected[i].share, 10);
      }
    }
  });

  it('answers one cluster by id, an empty page for an id the level lacks, and refuses id for duplicates', async () => {
    const [, second] = await allClusters(1);
    const one = await clusterPage(`level=1&id=${second.id}`);
    expect(one.items).toEqual([second]);
    expect(one.nextCursor).toBeNull();
    expect((await clusterPage('level=1&id=99999')).items).toEqual([]);
    const refused = await fx.request('/v1/datasets/pets/clusters?kind=duplicates&id=1');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'invalid_input', field: 'id' });
  });

  it('documents the labels, the total and the id in the OpenAPI contract', async () => {
    const doc = await json<{
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    }>(await fx.request('/v1/openapi.json', { key: null }));
    expect(Object.keys(doc.components.schemas.VisualCluster.properties)).toContain('labels');
    expect(Object.keys(doc.components.schemas.ClusterLabel.properties)).toEqual(['label', 'count', 'share']);
    expect(Object.keys(doc.components.schemas.ClusterPage.properties)).toContain('total');
    const parameters = doc.paths['/v1/datasets/{dataset}/clusters'].get.parameters.map((p) => p.name);
    expect(parameters).toContain('id');
  });
});
