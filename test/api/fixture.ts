import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { type ApiApp, createApi } from '../../shared/api/index.ts';
import { createLanceQueryPort } from '../../shared/api/lance/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { curateDataset } from '../../shared/curate/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { fileKeyStore } from '../../shared/keys/file.ts';
import { type KeyStore, keyAuth } from '../../shared/keys/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';
import { lanceQueryDeps } from '../../shared/runtime/query-deps.ts';
import type { ImageRow } from '../../shared/store/index.ts';
import { generateSampleImages } from '../helpers/images.ts';

export interface ApiFixture {
  dir: string;
  runtime: Runtime;
  app: ApiApp;
  keys: KeyStore;
  /** Keys: every dataset, only "pets", only "other", and one revoked. */
  key: { all: string; pets: string; other: string; revoked: string };
  /** Every image of each dataset, as stored. */
  images: { pets: ImageRow[]; other: ImageRow[] };
  request(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  cleanup(): Promise<void>;
}

/**
 * A real small dataset: the generated sample set (labelled, with planted near duplicates, defects and
 * mislabels) ingested with the real pipeline and curated with the real engine, a second dataset beside it, and
 * the API over both. One annotated image carries a caption, tags and two object boxes.
 */
export async function apiFixture(options: { count?: number } = {}): Promise<ApiFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-api-'));
  const config = loadConfig({ env: {}, overrides: { dataDir: dir, dataset: 'pets', logLevel: 'silent' } });
  const runtime = await openRuntime(config, silentLogger);
  const inbox = config.inbox;
  await generateSampleImages(inbox, { count: options.count ?? 36 });
  await annotateOne(inbox);
  const embedder = await runtime.embedder();
  await ingestFolder(inbox, runtime.ingestContext(embedder));
  const otherDir = join(dir, 'other');
  await mkdir(join(otherDir, 'boat'), { recursive: true });
  for (const [i, colour] of ['#102030', '#803010', '#30a050'].entries()) {
    const bytes = await sharp({ create: { width: 120, height: 90, channels: 3, background: colour } })
      .png()
      .toBuffer();
    await writeFile(join(otherDir, 'boat', `secret-${i}.png`), bytes);
  }
  await ingestFolder(otherDir, { ...runtime.ingestContext(embedder), dataset: 'other' });
  const deps = await lanceQueryDeps(runtime, {}, { other: otherDir });
  const { openCurationStore } = await import('../../shared/store/index.ts');
  const writable = await openCurationStore(config.dbUri, { log: silentLogger });
  const base = {
    store: runtime.store,
    curation: writable,
    bucket: runtime.bucket,
    log: silentLogger,
    config,
    embedder,
  };
  await curateDataset(base, { dataset: 'pets', kind: 'full' });
  await curateDataset(base, { dataset: 'other', kind: 'full' });
  writable.close();

  const keys = fileKeyStore(join(dir, 'api-keys.json'));
  const revoked = await keys.create({ datasets: null, name: 'old' });
  await keys.revoke(revoked.info.id);
  const key = {
    all: (await keys.create({ datasets: null, name: 'all' })).key,
    pets: (await keys.create({ datasets: ['pets'], name: 'pets' })).key,
    other: (await keys.create({ datasets: ['other'], name: 'other' })).key,
    revoked: revoked.key,
  };
  const app = createApi({ query: createLanceQueryPort(deps), auth: keyAuth(keys) }, { log: silentLogger });
  const all = async (dataset: string) => {
    const rows: ImageRow[] = [];
    for await (const batch of runtime.store.images.scan(dataset, { columns: ['id'] })) {
      rows.push(
        ...(await runtime.store.images.getMany(
          dataset,
          batch.map((row) => row.id),
        )),
      );
    }
    return rows.sort((a, b) => (a.key < b.key ? -1 : 1));
  };
  const images = { pets: await all('pets'), other: await all('other') };
  return {
    dir,
    runtime,
    app,
    keys,
    key,
    images,
    request(path, init = {}) {
      const { key: given, ...rest } = init;
      const headers = new Headers(rest.headers);
      const chosen = given === undefined ? key.all : given;
      if (chosen !== null) headers.set('authorization', `Bearer ${chosen}`);
      return Promise.resolve(app.request(path, { ...rest, headers }));
    },
    async cleanup() {
      deps.curation.close();
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A sidecar on the first image of the first class folder: caption, tags and two boxes. */
async function annotateOne(inbox: string): Promise<void> {
  const [folder] = (await readdir(inbox)).sort();
  const [file] = (await readdir(join(inbox, folder))).sort();
  const sidecar = {
    caption: 'a striped pattern under a red lamp',
    tags: ['indoor', 'featured'],
    objects: [
      { label: 'lamp', box: { x: 0.1, y: 0.1, w: 0.4, h: 0.4 } },
      { label: 'stripe', box: { x: 0.5, y: 0.5, w: 0.4, h: 0.4 } },
    ],
  };
  await writeFile(join(inbox, folder, `${file}.json`), JSON.stringify(sidecar));
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
