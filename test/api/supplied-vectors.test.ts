import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, createApi } from '../../shared/api/index.ts';
import { createLanceQueryPort } from '../../shared/api/lance/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { curateDataset } from '../../shared/curate/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { fileKeyStore } from '../../shared/keys/file.ts';
import { keyAuth } from '../../shared/keys/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';
import { lanceQueryDeps } from '../../shared/runtime/query-deps.ts';
import { openCurationStore } from '../../shared/store/index.ts';

const DIMENSION = 16;
const PER_CLASS = 8;

/** A deterministic jitter, so the supplied vectors are neither identical nor random between runs. */
function jitter(seed: number, i: number): number {
  const x = Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453;
  return (x - Math.floor(x) - 0.5) * 0.6;
}

/** A class direction (axis 0 for cats, 1 for dogs) plus jitter: separable by these vectors, not by colour. */
function classVector(axis: number, seed: number): number[] {
  return Array.from({ length: DIMENSION }, (_, i) => (i === axis ? 1 : 0) + jitter(seed, i));
}

let dir: string;
let runtime: Runtime;
let app: ApiApp;
let key: string;
let closeDeps: () => void;
const ids = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'viscura-byo-api-'));
  const photos = join(dir, 'photos');
  const lines: string[] = [];
  for (const [label, axis] of [
    ['cats', 0],
    ['dogs', 1],
  ] as const) {
    await mkdir(join(photos, label), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) {
      // Pictures of random colour: the descriptor could not tell these classes apart.
      const seed = axis * 100 + i;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="72"><rect width="100%" height="100%" fill="hsl(${(seed * 67) % 360},55%,50%)"/><circle cx="${20 + ((seed * 13) % 56)}" cy="36" r="14" fill="white"/></svg>`;
      await writeFile(join(photos, label, `${i}.png`), await sharp(Buffer.from(svg)).png().toBuffer());
      let vector = classVector(axis, seed);
      if (label === 'cats' && i === 7) vector = classVector(1, 999); // labelled a cat, embedded as a dog
      if (label === 'dogs' && i === 1)
        vector = classVector(1, 100).map((value, d) => value + (d === 5 ? 0.01 : 0));
      lines.push(JSON.stringify({ key: `${label}/${i}.png`, vector, model: 'team-encoder-v2' }));
    }
  }
  await writeFile(join(photos, 'embeddings.jsonl'), `${lines.join('\n')}\n`);

  const config = loadConfig({ env: {}, overrides: { dataDir: dir, dataset: 'byo', logLevel: 'silent' } });
  runtime = await openRuntime(config, silentLogger);
  const summary = await ingestFolder(photos, runtime.ingestContext(await runtime.embedder()));
  expect(summary).toMatchObject({ ingested: 2 * PER_CLASS, failed: [] });
  for await (const batch of runtime.store.images.scan('byo', { columns: ['id', 'key'] }))
    for (const row of batch) ids.set(row.key as string, row.id as string);

  const curation = await openCurationStore(config.dbUri, { log: silentLogger });
  const embedder = await runtime.embedder();
  const base = {
    store: runtime.store,
    curation,
    bucket: runtime.bucket,
    log: silentLogger,
    config,
    embedder,
  };
  await curateDataset(base, { dataset: 'byo', kind: 'full' });
  curation.close();

  const deps = await lanceQueryDeps(runtime, {}, { byo: photos });
  closeDeps = () => deps.curation.close();
  const keys = fileKeyStore(join(dir, 'api-keys.json'));
  key = (await keys.create({ datasets: null, name: 'all' })).key;
  app = createApi({ query: createLanceQueryPort(deps), auth: keyAuth(keys) }, { log: silentLogger });
});

afterAll(async () => {
  closeDeps?.();
  await runtime?.close();
  await rm(dir, { recursive: true, force: true });
});

function request(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  return Promise.resolve(app.request(`/v1/datasets/byo${path}`, { ...init, headers }));
}

const post = (path: string, body: unknown) =>
  request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('a dataset of supplied vectors, over the API', () => {
  it('curates with them: duplicates, uniqueness and mislabels follow the supplied geometry', async () => {
    const response = await request('/images?limit=100');
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as {
      items: {
        key: string;
        curation: {
          duplicateCluster: string | null;
          representative: boolean;
          uniqueness: number;
          mislabelConfidence: number;
        } | null;
      }[];
    };
    const byKey = new Map(items.map((item) => [item.key, item.curation]));
    const pair = [byKey.get('dogs/0.png'), byKey.get('dogs/1.png')];
    expect(pair[0]?.duplicateCluster).not.toBeNull();
    expect(pair[1]?.duplicateCluster).toBe(pair[0]?.duplicateCluster);
    expect(pair.filter((row) => row?.representative)).toHaveLength(1);
    const clustered = items.filter((item) => item.curation?.duplicateCluster !== null);
    expect(clustered.map((item) => item.key).sort()).toEqual(['dogs/0.png', 'dogs/1.png']);
    const others = items.filter((item) => !item.key.startsWith('dogs/0') && !item.key.startsWith('dogs/1'));
    const leastUnique = Math.min(...others.map((item) => item.curation?.uniqueness ?? 1));
    expect(pair[0]?.uniqueness).toBeLessThan(leastUnique);

    const ranked = [...items].sort(
      (a, b) => (b.curation?.mislabelConfidence ?? 0) - (a.curation?.mislabelConfidence ?? 0),
    );
    expect(ranked[0].key).toBe('cats/7.png');
  });

  it('finds similar images by a stored id, nearest by the supplied vectors', async () => {
    const response = await post('/search/similar', { imageId: ids.get('dogs/0.png'), limit: 3 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { hits: { key: string; score: number }[]; model: string };
    expect(body.model).toBe('team-encoder-v2');
    expect(body.hits[0]).toMatchObject({ key: 'dogs/1.png' });
    expect(body.hits[0].score).toBeGreaterThan(0.99);
    expect(body.hits.every((hit) => hit.key.startsWith('dogs/') || hit.key === 'cats/7.png')).toBe(true);
  });

  it('says a text search has no text tower, and answers with full-text matches', async () => {
    const response = await post('/search/text', { query: 'cats', limit: 5 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { mode: string; notice: string; hits: { key: string }[] };
    expect(body.mode).toBe('text');
    expect(body.notice).toMatch(/"team-encoder-v2" were supplied with the images.*no text tower/);
    expect(body.hits.length).toBeGreaterThan(0);
  });

  it('refuses to embed an upload with a 422 that says why, not a 500', async () => {
    const form = new FormData();
    const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } })
      .png()
      .toBuffer();
    form.set('image', new Blob([new Uint8Array(bytes)]), 'query.png');
    const response = await request('/search/similar', { method: 'POST', body: form });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('no_image_tower');
    expect(body.message).toMatch(/"team-encoder-v2" were supplied .* cannot embed an upload/);
  });
});
