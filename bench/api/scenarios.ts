import type { Table } from '@lancedb/lancedb';
import sharp from 'sharp';
import { decodeImage } from '../../shared/media/index.ts';
import { imagesSpec, type Store, where } from '../../shared/store/index.ts';
import { SEARCH_TUNING } from '../../shared/store/vectors.ts';
import { benchEmbedder, DATASET } from './data.ts';
import type { HttpRequest } from './measure.ts';

export const LIMIT = 20;
/** How many different source images "similar by many ids" cycles through. */
const MANY = 2000;
const TEXT = 'cat near the river';
const UPLOAD_LIMITS = { maxBytes: 20 * 1024 * 1024, maxPixels: 40_000_000 };
/** What the API reads of a hit: every column but the vector and the search text. */
const HIT_COLUMNS = Object.keys(imagesSpec.columns).filter((name) => name !== 'vector' && name !== 'text');
const IN_DATASET = `\`dataset\` = '${DATASET}'`;

/** One route, and the same work three ways: bare LanceDB calls, the store's calls, and the HTTP request. */
export interface Scenario {
  name: string;
  request: HttpRequest;
  /** The LanceDB calls the store makes, made directly (same filters, tuning and columns). */
  lance(): Promise<unknown>;
  /** The store calls the API's port makes. */
  store(): Promise<unknown>;
}

export async function scenarios(store: Store, table: Table, n: number): Promise<Scenario[]> {
  const embedder = benchEmbedder();
  const [probe] = await store.images.list(DATASET, { limit: 1, offset: Math.floor(n / 3) });
  // Sources spread over the whole dataset: their candidates (~40 each) cover most rows, as an explorer's clicks
  // would, so this measures the row cache's misses and limits rather than one warm answer.
  const ids = await table.query().where(IN_DATASET).select(['id']).toArray();
  const sources = ids
    .filter((_, i) => i % Math.max(1, Math.floor(ids.length / MANY)) === 0)
    .map((row) => row.id as string);
  let next = 0;
  const nextSource = () => sources[next++ % sources.length];
  const upload = await uploadImage();
  const form = new FormData();
  form.set('image', new Blob([upload]), 'query.jpg');
  form.set('limit', String(LIMIT));
  const multipart = new Response(form);
  const uploadBody = Buffer.from(await multipart.arrayBuffer());
  const json = (body: unknown) => ({
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const lanceSearch = (vector: Float32Array, limit: number, filter = IN_DATASET) =>
    table
      .vectorSearch(vector)
      .distanceType('cosine')
      .nprobes(SEARCH_TUNING.nprobes)
      .ef(Math.max(SEARCH_TUNING.ef, limit * SEARCH_TUNING.refineFactor))
      .refineFactor(SEARCH_TUNING.refineFactor)
      .where(filter)
      .select([...HIT_COLUMNS, '_distance'])
      .limit(limit)
      .toArray();
  const base = `/v1/datasets/${DATASET}`;
  return [
    {
      name: 'similar by id',
      request: {
        path: `${base}/search/similar`,
        method: 'POST',
        ...json({ imageId: probe.id, limit: LIMIT }),
      },
      async lance() {
        const [row] = await table
          .query()
          .where(`${IN_DATASET} AND \`id\` = '${probe.id}'`)
          .limit(1)
          .toArray();
        await lanceSearch(Float32Array.from(row.vector), LIMIT + 1);
      },
      async store() {
        const vector = await store.images.vector(DATASET, probe.id);
        await store.images.vectorSearch(DATASET, vector as Float32Array, {
          limit: LIMIT,
          exclude: [probe.id],
          withVectors: false,
        });
      },
    },
    {
      name: 'similar by many ids',
      request: {
        path: `${base}/search/similar`,
        method: 'POST',
        ...json({ imageId: sources[0], limit: LIMIT }),
        bodies: sources.map((id) => JSON.stringify({ imageId: id, limit: LIMIT })),
      },
      async lance() {
        const id = nextSource();
        const [row] = await table.query().where(`${IN_DATASET} AND \`id\` = '${id}'`).limit(1).toArray();
        await lanceSearch(Float32Array.from(row.vector), LIMIT + 1);
      },
      async store() {
        const id = nextSource();
        const vector = await store.images.vector(DATASET, id);
        await store.images.vectorSearch(DATASET, vector as Float32Array, {
          limit: LIMIT,
          exclude: [id],
          withVectors: false,
        });
      },
    },
    {
      name: 'text search',
      request: { path: `${base}/search/text`, method: 'POST', ...json({ query: TEXT, limit: LIMIT }) },
      async lance() {
        const [vector] = await embedder.embedTexts([TEXT]);
        await Promise.all([
          lanceSearch(vector, LIMIT),
          table
            .query()
            .fullTextSearch('cat near the river', { columns: 'text' })
            .where(IN_DATASET)
            .limit(LIMIT)
            .toArray(),
        ]);
      },
      async store() {
        const [vector] = await embedder.embedTexts([TEXT]);
        await Promise.all([
          store.images.vectorSearch(DATASET, vector, { limit: LIMIT, withVectors: false }),
          store.images.textSearch(DATASET, TEXT, { limit: LIMIT }),
        ]);
      },
    },
    {
      name: 'similar by upload',
      request: {
        path: `${base}/search/similar`,
        method: 'POST',
        body: uploadBody,
        headers: { 'content-type': multipart.headers.get('content-type') as string },
      },
      async lance() {
        const decoded = await decodeImage(upload, UPLOAD_LIMITS);
        const [vector] = await embedder.embedImages([decoded.raster]);
        await lanceSearch(vector, LIMIT);
      },
      async store() {
        const decoded = await decodeImage(upload, UPLOAD_LIMITS);
        const [vector] = await embedder.embedImages([decoded.raster]);
        await store.images.vectorSearch(DATASET, vector, { limit: LIMIT, withVectors: false });
      },
    },
    {
      name: 'filtered listing',
      request: { path: `${base}/images?label=cat&issue=blur&threshold=0.8&limit=50`, method: 'GET' },
      lance: () =>
        table
          .query()
          .where(`${IN_DATASET} AND \`label\` IN ('cat') AND \`blur\` >= 0.8`)
          .orderBy([
            { columnName: 'blur', ascending: false },
            { columnName: 'id', ascending: true },
          ])
          .limit(50)
          .toArray(),
      store: () =>
        store.images.list(DATASET, {
          where: where.and(where.in('label', ['cat']), where.range('blur', { gte: 0.8 })),
          limit: 50,
          orderBy: { column: 'blur', ascending: false },
          withVectors: false,
        }),
    },
  ];
}

/** A 320x240 JPEG of a red disc on green: what a user might upload to find similar images. */
async function uploadImage(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#4a7' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="320" height="240"><circle cx="160" cy="120" r="80" fill="#c33"/></svg>',
        ),
      },
    ])
    .jpeg()
    .toBuffer();
}
