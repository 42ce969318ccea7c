import { beforeAll, describe, expect, it } from 'vitest';
import { answer, fx, invocations, jsonBody, viaDirect, viaEdge } from './helpers.ts';

const base = '/v1/datasets/pets';
let label: string;
let imageId: string;
let duplicateId: string;
let cursor: string;

beforeAll(async () => {
  const summary = (await (await viaDirect(base)).json()) as { labels: Record<string, number> };
  label = Object.keys(summary.labels).sort()[0];
  const page = async (query: string) =>
    (await (await viaDirect(`${base}/images?${query}`)).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
  const first = await page('limit=3&sort=key');
  imageId = first.items[0].id;
  cursor = first.nextCursor as string;
  duplicateId = (await page('issue=duplicates&limit=1')).items[0].id;
  expect(cursor).toBeTruthy();
});

/** The same request through the edge (forwarded to the Lambda) and straight to the Node API. */
async function same(path: string, init: RequestInit & { key?: string | null } = {}) {
  const { response, tag } = await viaEdge(path, init);
  const edge = await answer(response);
  expect(edge).toEqual(await answer(await viaDirect(path, init)));
  return { edge, forwarded: (await invocations(tag)).length };
}

describe('through the edge, the query Lambda gives the same answers as the API on Node', () => {
  it('health (public) and the datasets each key may read', async () => {
    const health = await same('/v1/health', { key: null });
    expect(health.edge.body).toMatchObject({ status: 'ok' });
    expect(health.forwarded).toBe(1);
    expect((await same('/v1/datasets')).edge.body).toEqual({
      items: [expect.objectContaining({ name: 'other' }), expect.objectContaining({ name: 'pets' })],
    });
    const scoped = await same('/v1/datasets', { key: fx.keys.pets });
    expect(scoped.edge.body).toEqual({ items: [expect.objectContaining({ name: 'pets' })] });
  });

  it('dataset summary with counts per label and issue', async () => {
    const { edge } = await same(base);
    expect(edge.body).toMatchObject({ name: 'pets', images: 20 });
  });

  it('image listings with filters, sort and the next page by cursor', async () => {
    expect((await same(`${base}/images?issue=duplicates&limit=5`)).edge.body).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ id: duplicateId })]),
    });
    const labelled = await same(`${base}/images?label=${label}&sort=-uniqueness&limit=4`);
    expect((labelled.edge.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    await same(`${base}/images?issue=blur&issue=dark&threshold=0.3&uniquenessMax=0.9&limit=6`);
    const next = await same(`${base}/images?limit=3&sort=key&cursor=${cursor}`);
    expect((next.edge.body as { items: { id: string }[] }).items.map((item) => item.id)).not.toContain(
      imageId,
    );
  });

  it('image detail with its scores, cluster and neighbours', async () => {
    const { edge } = await same(`${base}/images/${duplicateId}`);
    expect(edge.body).toMatchObject({ id: duplicateId, duplicates: { members: expect.any(Array) } });
  });

  it('text search and find-similar by image id, with filters', async () => {
    const text = await same(`${base}/search/text`, jsonBody({ query: 'striped lamp', limit: 5 }));
    expect((text.edge.body as { hits: unknown[] }).hits.length).toBeGreaterThan(0);
    const similar = await same(
      `${base}/search/similar`,
      jsonBody({ imageId: duplicateId, limit: 5, filters: { labels: [label] } }),
    );
    expect((similar.edge.body as { hits: { id: string }[] }).hits.length).toBeGreaterThan(0);
    expect(similar.forwarded).toBe(1);
  });

  it('find-similar by an uploaded image: multipart bytes reach the Lambda intact', async () => {
    const original = await viaDirect(`${base}/images/${duplicateId}/original`);
    expect(original.status).toBe(200);
    const bytes = new Uint8Array(await original.arrayBuffer());
    const form = new FormData();
    form.set('image', new Blob([bytes], { type: original.headers.get('content-type') ?? '' }), 'query.png');
    form.set('limit', '4');
    const { edge, forwarded } = await same(`${base}/search/similar`, { method: 'POST', body: form });
    expect(edge.status).toBe(200);
    expect((edge.body as { hits: { id: string; score: number }[] }).hits[0]).toMatchObject({
      id: duplicateId,
      score: expect.closeTo(1, 2),
    });
    expect(forwarded).toBe(1);
  });

  it('duplicate and visual clusters', async () => {
    const duplicates = await same(`${base}/clusters?kind=duplicates`);
    expect((duplicates.edge.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    await same(`${base}/clusters?kind=visual&level=1&limit=3`);
  });

  it('thumbnails: the same WebP bytes', async () => {
    const path = `${base}/images/${imageId}/thumbnail`;
    const { response } = await viaEdge(path);
    const direct = await viaDirect(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(direct.headers.get('content-type'));
    expect(response.headers.get('cache-control')).toBe(direct.headers.get('cache-control'));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(await direct.arrayBuffer()));
  });

  it("the Lambda's errors keep their status and body: an unknown image, a stale cursor", async () => {
    const missing = await same(`${base}/images/${'0'.repeat(32)}`);
    expect(missing.edge).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(missing.forwarded).toBe(1);
    // Well-formed, so only the Lambda can tell it belongs to another query.
    const stale = await same(`${base}/images?limit=3&sort=-size&cursor=${cursor}`);
    expect(stale.edge.status).toBe(400);
    expect(stale.forwarded).toBe(1);
  });
});
