import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type ApiApp, createApi } from '../../shared/api/index.ts';
import { createLanceQueryPort } from '../../shared/api/lance/index.ts';
import { loadConfig, type ResolvedConfig } from '../../shared/config/index.ts';
import { curateDataset } from '../../shared/curate/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { fileKeyStore } from '../../shared/keys/file.ts';
import { keyAuth } from '../../shared/keys/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';
import { lanceQueryDeps } from '../../shared/runtime/query-deps.ts';
import { type CurationStore, openCurationStore } from '../../shared/store/index.ts';
import { SCENE_KINDS, scene, transformations } from '../helpers/images.ts';

/**
 * A dataset laid out in split folders (train/<label>/, val/<label>/, test/<label>/): distinct generated scenes,
 * plus planted copies, each an edited copy of a train image: `leaks` land in val or test (cross-split near
 * duplicates), `inSplit` stay in train (duplicates, not leaks). Ingested and curated with the real pipeline.
 */
export interface SplitFixture {
  dir: string;
  inbox: string;
  config: ResolvedConfig;
  runtime: Runtime;
  curation: CurationStore;
  app: ApiApp;
  key: string;
  /** The image with a sidecar: caption, tag, two boxes. */
  annotated: string;
  /** Planted cross-split copies: [original key, copy key]. */
  leaks: [string, string][];
  inSplit: [string, string][];
  request(path: string, init?: RequestInit): Promise<Response>;
  ingest(): Promise<void>;
  curate(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function splitFixture(options: { perClass?: number } = {}): Promise<SplitFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-splits-'));
  const inbox = join(dir, 'inbox');
  const perClass = options.perClass ?? 4;
  const kinds = SCENE_KINDS.slice(0, 3);
  const files = new Map<string, Buffer>();
  let seed = 1;
  for (const kind of kinds) {
    for (let i = 0; i < perClass; i++) {
      const split = i < perClass - 2 ? 'train' : i === perClass - 2 ? 'val' : 'test';
      files.set(`${split}/${kind}/${kind}-${i}.png`, await scene(seed++ * 7919, kind, 320, 240));
    }
  }
  const train = [...files.keys()].filter((key) => key.startsWith('train/'));
  const leaks: [string, string][] = [
    [train[0], `test/${train[0].split('/')[1]}/copy-resized.png`],
    [train[1], `val/${train[1].split('/')[1]}/copy-jpeg.jpg`],
  ];
  const inSplit: [string, string][] = [[train[2], `train/${train[2].split('/')[1]}/copy-bright.png`]];
  files.set(leaks[0][1], await transformations.resize(files.get(leaks[0][0]) as Buffer, 0.75));
  files.set(leaks[1][1], await transformations.encode(files.get(leaks[1][0]) as Buffer, 'jpeg', 85));
  files.set(inSplit[0][1], await transformations.brighten(files.get(inSplit[0][0]) as Buffer, 1.1));
  for (const [key, bytes] of files) {
    await mkdir(dirname(join(inbox, key)), { recursive: true });
    await writeFile(join(inbox, key), bytes);
  }
  // One annotated image: a caption, a tag and two boxes (one in pixels).
  const annotated = train[3];
  const sidecar = {
    caption: 'two things on a pattern',
    tags: ['featured'],
    objects: [
      { label: 'lamp', box: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 } },
      { label: 'mat', bbox: [160, 120, 100, 60] },
    ],
  };
  await writeFile(join(inbox, `${annotated}.json`), JSON.stringify(sidecar));

  const config = loadConfig({ env: {}, overrides: { dataDir: dir, dataset: 'splits', logLevel: 'silent' } });
  const runtime = await openRuntime(config, silentLogger);
  const embedder = await runtime.embedder();
  const curation = await openCurationStore(config.dbUri, { log: silentLogger });
  const ingest = async () => {
    await ingestFolder(inbox, runtime.ingestContext(embedder));
  };
  const curate = async () => {
    const base = {
      store: runtime.store,
      curation,
      bucket: runtime.bucket,
      log: silentLogger,
      config,
      embedder,
    };
    await curateDataset(base, { dataset: 'splits', kind: 'full' });
  };
  await ingest();
  await curate();
  const deps = await lanceQueryDeps(runtime, {}, { splits: inbox });
  const keys = fileKeyStore(join(dir, 'api-keys.json'));
  const key = (await keys.create({ datasets: ['splits'], name: 'splits' })).key;
  const app = createApi({ query: createLanceQueryPort(deps), auth: keyAuth(keys) }, { log: silentLogger });
  return {
    dir,
    inbox,
    config,
    runtime,
    curation,
    app,
    key,
    leaks,
    inSplit,
    annotated,
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${key}`);
      return Promise.resolve(app.request(path, { ...init, headers }));
    },
    ingest,
    curate,
    async cleanup() {
      deps.curation.close();
      curation.close();
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
