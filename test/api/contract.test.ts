import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/index.ts';
import { clusterPageSchema, runListSchema } from '../../shared/api/schemas/curation.ts';
import { datasetListSchema, datasetSummarySchema, healthSchema } from '../../shared/api/schemas/datasets.ts';
import {
  type ImagePage,
  type ImageSummary,
  imageDetailSchema,
  imagePageSchema,
  objectPageSchema,
} from '../../shared/api/schemas/images.ts';
import { labelHealthAnswerSchema } from '../../shared/api/schemas/labels.ts';
import { type SearchResult, searchResultSchema } from '../../shared/api/schemas/search.ts';
import { issueThresholds, listIssue } from '../../shared/curate/index.ts';
import { openCurationStore } from '../../shared/store/index.ts';
import { type ApiFixture, apiFixture, json } from './fixture.ts';

let fx: ApiFixture;
beforeAll(async () => {
  fx = await apiFixture();
});
afterAll(() => fx?.cleanup());

const post = (path: string, body: unknown) =>
  fx.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

async function page(query: string): Promise<ImagePage> {
  const response = await fx.request(`/v1/datasets/pets/images?${query}`);
  expect(response.status).toBe(200);
  return imagePageSchema.parse(await response.json());
}

/** Every item of a listing, following cursors. */
async function everything(query: string, limit = 7): Promise<ImageSummary[]> {
  const items: ImageSummary[] = [];
  let cursor: string | null = null;
  do {
    const result: ImagePage = await page(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...result.items);
    cursor = result.nextCursor;
  } while (cursor);
  return items;
}

const annotated = () =>
  fx.images.pets.find((image) => image.caption !== null) as (typeof fx.images.pets)[number];

describe('meta and datasets', () => {
  it('answers health without a key, naming the stored model', async () => {
    const response = await fx.request('/v1/health', { key: null });
    expect(healthSchema.parse(await response.json())).toMatchObject({ status: 'ok', model: 'descriptor-v1' });
  });

  it('lists the datasets with their image counts', async () => {
    const body = datasetListSchema.parse(await json(await fx.request('/v1/datasets')));
    expect(body.items).toEqual([
      { name: 'other', images: 3 },
      { name: 'pets', images: fx.images.pets.length },
    ]);
  });

  it('summarises a dataset: labels, quality and curation counts, the last run', async () => {
    const body = datasetSummarySchema.parse(await json(await fx.request('/v1/datasets/pets')));
    const labels: Record<string, number> = {};
    for (const image of fx.images.pets)
      labels[image.label as string] = (labels[image.label as string] ?? 0) + 1;
    expect(body.labels).toEqual(labels);
    expect(body.images).toBe(fx.images.pets.length);
    expect(body.objects).toBe(2);
    expect(body.lastRun?.status).toBe('finished');
    expect(body.issues.duplicates).toBeGreaterThan(0);
    expect(body.issues.blur).toBe(fx.images.pets.filter((image) => image.blur >= 0.5).length);
  });

  it('answers 404 for a dataset without images', async () => {
    const response = await fx.request('/v1/datasets/nothing-here');
    expect(response.status).toBe(404);
  });

  it('publishes an OpenAPI 3.1 document covering every route', async () => {
    const doc = await json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>(await fx.request('/v1/openapi.json', { key: null }));
    expect(doc.openapi).toBe('3.1.0');
    for (const route of apiRoutes) expect(doc.paths[route.path]?.[route.method], route.path).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['ImageSummary', 'Error', 'Filters']),
    );
  });
});

describe('images', () => {
  it('pages through every image once, in key order, by cursor', async () => {
    const items = await everything('sort=key', 5);
    expect(items.map((item) => item.key)).toEqual(fx.images.pets.map((image) => image.key));
  });

  it('lists duplicates exactly as `viscura list --issue duplicates` does', async () => {
    const curation = await openCurationStore(fx.runtime.config.dbUri, { readOnly: true });
    const cli = await listIssue(
      { store: fx.runtime.store, curation },
      'pets',
      { issue: 'duplicates', limit: 1000 },
      issueThresholds(fx.runtime.config),
    );
    curation.close();
    const api = await everything('issue=duplicates', 3);
    expect(api.length).toBeGreaterThan(0);
    expect(api.map((item) => item.id).sort()).toEqual(cli.rows.map((row) => row.id).sort());
    expect(api.every((item) => item.curation?.representative === false)).toBe(true);
    const scores = api.map((item) => item.curation?.duplicateScore ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('filters by quality issue at a threshold, by label, tag and prefix', async () => {
    const blurry = await everything('issue=blur&threshold=0.3');
    expect(blurry.map((item) => item.id).sort()).toEqual(
      fx.images.pets
        .filter((image) => image.blur >= 0.3)
        .map((image) => image.id)
        .sort(),
    );
    const label = fx.images.pets[0].label as string;
    const labelled = await everything(`label=${label}`);
    expect(labelled.map((item) => item.id).sort()).toEqual(
      fx.images.pets
        .filter((image) => image.label === label)
        .map((image) => image.id)
        .sort(),
    );
    const tagged = await everything('tag=indoor&tag=featured');
    expect(tagged.map((item) => item.id)).toEqual([annotated().id]);
    const prefixed = await everything(`prefix=${encodeURIComponent(`${label}/`)}`);
    expect(prefixed.map((item) => item.id).sort()).toEqual(labelled.map((item) => item.id).sort());
  });

  it('combines issues across tables (any of them) and curation ranges', async () => {
    const either = await everything('issue=mislabels&issue=dark&threshold=0.5', 4);
    const expected = fx.images.pets.filter((image) => image.dark >= 0.5).map((image) => image.id);
    const mislabelled = await everything('issue=mislabels&threshold=0.5');
    expect(either.map((item) => item.id).sort()).toEqual(
      [...new Set([...expected, ...mislabelled.map((i) => i.id)])].sort(),
    );
    const unique = await everything('uniquenessMin=0.5&sort=-uniqueness');
    expect(unique.every((item) => (item.curation?.uniqueness ?? 0) >= 0.5)).toBe(true);
    const values = unique.map((item) => item.curation?.uniqueness ?? 0);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('keeps the keepers and drops the duplicates of a cluster with representative=true|false', async () => {
    const [first] = (await page('issue=duplicates&limit=1')).items;
    const cluster = first.curation?.duplicateCluster as string;
    const members = await everything(`cluster=${cluster}`);
    const keepers = await everything(`cluster=${cluster}&representative=true`);
    expect(keepers).toHaveLength(1);
    expect(members.length).toBeGreaterThan(1);
  });

  it('shows one image with its scores, objects, duplicate cluster and neighbours', async () => {
    const image = annotated();
    const detail = imageDetailSchema.parse(
      await json(await fx.request(`/v1/datasets/pets/images/${image.id}`)),
    );
    expect(detail).toMatchObject({
      id: image.id,
      key: image.key,
      caption: image.caption,
      tags: ['indoor', 'featured'],
    });
    expect(detail.objects.map((object) => object.label).sort()).toEqual(['lamp', 'stripe']);
    expect(detail.neighbours).toHaveLength(10);
    expect(detail.neighbours.map((n) => n.id)).not.toContain(image.id);

    const [duplicate] = (await page('issue=duplicates&limit=1')).items;
    const withCluster = imageDetailSchema.parse(
      await json(await fx.request(`/v1/datasets/pets/images/${duplicate.id}`)),
    );
    expect(withCluster.duplicates?.members.map((m) => m.id)).toContain(duplicate.id);
    expect(withCluster.duplicates?.members.filter((m) => m.representative)).toHaveLength(1);
  });

  it('says which quality checks cannot judge a small image, with no confidence instead of a guess', async () => {
    const [small] = fx.images.other;
    const detail = imageDetailSchema.parse(
      await json(await fx.request(`/v1/datasets/other/images/${small.id}`)),
    );
    // 120 x 90: too small for a blur verdict (192 px), large enough for dark and bright (64 px).
    expect(detail.qualityUnjudged).toEqual({ blur: 'too small (120x90 < 192 px shortest side)' });
    expect(detail.quality.blur).toBe(0);
    const listed = imagePageSchema.parse(await json(await fx.request('/v1/datasets/other/images')));
    expect(listed.items.every((item) => item.qualityUnjudged.blur?.startsWith('too small'))).toBe(true);
    const judged = fx.images.pets.find((image) => image.blur > 0) as (typeof fx.images.pets)[number];
    const sharp = imageDetailSchema.parse(
      await json(await fx.request(`/v1/datasets/pets/images/${judged.id}`)),
    );
    expect(sharp.qualityUnjudged).toEqual({});
    const exported = await (await fx.request('/v1/datasets/other/export?format=jsonl')).text();
    const first = JSON.parse(exported.trim().split('\n')[0]);
    expect(first).toMatchObject({
      blur: 0,
      qualityUnjudged: 'blur: too small (120x90 < 192 px shortest side)',
    });
  });

  it('serves the thumbnail and the original bytes', async () => {
    const image = annotated();
    const thumbnail = await fx.request(`/v1/datasets/pets/images/${image.id}/thumbnail`);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    const original = await fx.request(`/v1/datasets/pets/images/${image.id}/original`);
    const bytes = Buffer.from(await original.arrayBuffer());
    expect(bytes.equals(await readFile(join(fx.runtime.config.inbox, image.key)))).toBe(true);
  });
});

describe('search', () => {
  it('finds the captioned image by text and says semantic matching is unavailable for this model', async () => {
    const response = await post('/v1/datasets/pets/search/text', { query: 'striped lamp', limit: 5 });
    const body = searchResultSchema.parse(await response.json());
    expect(body.semantic).toBe(false);
    expect(body.notice).toMatch(/no text tower/);
    expect(body.hits[0].id).toBe(annotated().id);
    expect(body.hits[0].score).toBe(1);
  });

  it('finds similar images by id, near duplicates first, never the image itself', async () => {
    const [duplicate] = (await page('issue=duplicates&limit=1')).items;
    const body = await similar({ imageId: duplicate.id, limit: 3 });
    expect(body.hits.map((hit) => hit.id)).not.toContain(duplicate.id);
    expect(body.hits[0].id).toBe(duplicate.curation?.nearestId);
    expect(body.hits[0].score).toBeGreaterThan(0.96);
  });

  it('finds similar images from a box of an image, an object, and a cluster centroid', async () => {
    const image = annotated();
    const byBox = await similar({ imageId: image.id, box: { x: 0, y: 0, width: 1, height: 1 }, limit: 1 });
    expect(byBox.hits[0].id).toBe(image.id);
    expect(byBox.hits[0].score).toBeGreaterThan(0.99);
    const detail = imageDetailSchema.parse(
      await json(await fx.request(`/v1/datasets/pets/images/${image.id}`)),
    );
    const byObject = await similar({ objectId: detail.objects[0].id, target: 'objects', limit: 5 });
    expect(byObject.hits.map((hit) => hit.id)).toEqual([detail.objects[1].id]);
    const level = detail.curation?.visualClusters[4] as number;
    const byCluster = await similar({ cluster: { kind: 'visual', level: 4, id: level }, limit: 3 });
    const members = await everything(`visualCluster=${level}&level=4`);
    expect(members.map((m) => m.id)).toContain(byCluster.hits[0].id);
  });

  it('finds the image an uploaded file shows', async () => {
    const image = annotated();
    const form = new FormData();
    const bytes = await readFile(join(fx.runtime.config.inbox, image.key));
    form.set('image', new Blob([bytes]), 'query.png');
    form.set('limit', '2');
    const response = await fx.request('/v1/datasets/pets/search/similar', { method: 'POST', body: form });
    const body = searchResultSchema.parse(await response.json());
    expect(body.hits[0]).toMatchObject({ id: image.id });
    expect(body.hits[0].score).toBeGreaterThan(0.99);
  });

  async function similar(body: unknown): Promise<SearchResult> {
    const response = await post('/v1/datasets/pets/search/similar', body);
    expect(response.status).toBe(200);
    return searchResultSchema.parse(await response.json());
  }
});

describe('curation', () => {
  it('lists duplicate clusters with their keeper, and visual clusters covering the dataset', async () => {
    const duplicates = clusterPageSchema.parse(
      await json(await fx.request('/v1/datasets/pets/clusters?kind=duplicates')),
    );
    expect(duplicates.items.length).toBeGreaterThan(0);
    for (const cluster of duplicates.items) {
      if (!('members' in cluster)) throw new Error('expected a duplicate cluster');
      expect(cluster.members.filter((m) => m.representative).map((m) => m.id)).toEqual([
        cluster.representative.id,
      ]);
    }
    const visual = clusterPageSchema.parse(
      await json(await fx.request('/v1/datasets/pets/clusters?kind=visual&level=0')),
    );
    expect(visual.items.reduce((sum, cluster) => sum + cluster.size, 0)).toBe(fx.images.pets.length);
  });

  it('lists objects, runs and the latest report', async () => {
    const objects = objectPageSchema.parse(
      await json(await fx.request('/v1/datasets/pets/objects?label=lamp')),
    );
    expect(objects.items.map((o) => o.label)).toEqual(['lamp']);
    const runs = runListSchema.parse(await json(await fx.request('/v1/datasets/pets/runs')));
    expect(runs.items.map((run) => run.status)).toEqual(['finished']);
    const report = await json<{ dataset: string }>(await fx.request('/v1/datasets/pets/reports/latest'));
    expect(report.dataset).toBe('pets');
    const html = await fx.request('/v1/datasets/pets/reports/latest?format=html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('<html');
  });
});

describe('label checks', () => {
  it('serves per-class label health with the verdict in words', async () => {
    const health = labelHealthAnswerSchema.parse(
      await json(await fx.request('/v1/datasets/pets/labels/health')),
    );
    expect(health.check.message).toMatch(/kNN accuracy \d+% vs \d+% by chance/);
    // Whether outliers can be judged is said too, with the figure it rests on.
    expect(health.outliers?.message).toMatch(/^Dataset outliers .*neighbourhood contrast \d\.\d\d/);
    expect(health.outliers?.judged).toBeGreaterThanOrEqual(0);
    expect(health.outliers?.judged).toBeLessThanOrEqual(1);
    expect(health.classes.reduce((sum, c) => sum + c.size, 0)).toBe(health.labelled);
    expect(health.labelled).toBe(fx.images.pets.filter((image) => image.label !== null).length);
    const other = labelHealthAnswerSchema.parse(
      await json(await fx.request('/v1/datasets/other/labels/health')),
    );
    expect(other.check.message).toMatch(/needs at least two labelled classes/);
    expect(other.flagged).toBe(0);
  });

  it('shows why the most likely mislabel is flagged: the neighbours that voted, with labels and thumbnails', async () => {
    const [top] = (await page('sort=-mislabelConfidence&limit=1')).items;
    expect(top.curation?.mislabelConfidence).toBeGreaterThan(0.25);
    const detail = imageDetailSchema.parse(
      await json(await fx.request(`/v1/datasets/pets/images/${top.id}`)),
    );
    const evidence = detail.labelEvidence;
    expect(evidence?.voters.length).toBeGreaterThan(0);
    for (const voter of evidence?.voters ?? []) {
      expect(voter.id).not.toBe(top.id);
      expect(voter.thumbnailUrl).toBe(`/v1/datasets/pets/images/${voter.id}/thumbnail`);
      expect(typeof voter.key).toBe('string');
    }
    const shares = evidence?.neighbourhood.reduce((sum, s) => sum + s.share, 0) ?? 0;
    expect(shares).toBeCloseTo(1, 3);
    // A suggestion is shown only when it is itself confident.
    if (detail.curation?.suggestedLabel)
      expect(detail.curation.mislabelConfidence).toBeGreaterThanOrEqual(0.5);
  });
});

describe('export', () => {
  it('streams the current view as JSONL, CSV and Parquet, the same rows as the listing', async () => {
    const view = 'issue=duplicates';
    const listed = (await everything(view)).map((item) => item.id);
    const jsonl = await (await fx.request(`/v1/datasets/pets/export?format=jsonl&${view}`)).text();
    expect(
      jsonl
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(listed);
    const csv = await fx.request(`/v1/datasets/pets/export?format=csv&${view}`);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="pets-.*\.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['id', 'key', 'label']);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(listed);
    const parquet = await fx.request(`/v1/datasets/pets/export?format=parquet&${view}`);
    const rows = await parquetReadObjects({ file: await parquet.arrayBuffer() });
    expect(rows.map((row) => row.id)).toEqual(listed);
    expect(rows[0].issues).toContain('duplicates');
  });
});
