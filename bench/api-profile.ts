/**
 * Where one request's time goes, stage by stage, at several sizes, one client:
 *   node bin/run-ts.mjs bench/api-profile.ts [sizes=1000,20000] [requests=200]
 * Each stage of a similar-by-id request (and of text search and filtered listing) is timed on its own, next to
 * the bare LanceDB calls it makes and the whole request through the app (`app.request`, no network). Wall p50 and
 * CPU per call (all threads of the process: LanceDB's pool too, so it is what bounds requests/s on a small
 * machine) are printed. Datasets are those of bench/api.ts, cached under bench/.tmp/api-<n>.
 */
import { connect, type Table } from '@lancedb/lancedb';
import type { QueryPort } from '../shared/api/index.ts';
import { imageSummary } from '../shared/api/lance/convert.ts';
import { curationOf, resultsCache } from '../shared/api/lance/results.ts';
import { openCurationStore, type Store, where } from '../shared/store/index.ts';
import { SEARCH_TUNING } from '../shared/store/vectors.ts';
import { benchApp } from './api/app.ts';
import { cachedDataset } from './api/cache.ts';
import { benchEmbedder, DATASET } from './api/data.ts';

const sizes = (process.argv[2] ?? '1000,20000').split(',').map(Number);
const requests = Number(process.argv[3] ?? 200);
const LIMIT = 20;
const TEXT = 'cat near the river';
const THRESHOLDS = { duplicates: 0.5, mislabels: 0.5, outliers: 0.5, blur: 0.5, dark: 0.5, bright: 0.5 };

interface Timing {
  wall: number;
  cpu: number;
}

/** Median wall time and mean CPU time (user + system, every thread) per call. */
async function time(fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 5; i++) await fn();
  const walls: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    await fn();
    walls.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  walls.sort((a, b) => a - b);
  return { wall: walls[Math.floor(walls.length / 2)], cpu: (used.user + used.system) / 1000 / requests };
}

async function stages(n: number, store: Store, table: Table, port: QueryPort, app: AppHandle) {
  const [probe] = await store.images.list(DATASET, { limit: 1, offset: Math.floor(n / 3) });
  const image = (await store.images.get(DATASET, probe.id)) as NonNullable<
    Awaited<ReturnType<Store['images']['get']>>
  >;
  const curation = await openCurationStore(app.dir, { readOnly: true });
  const cache = resultsCache(curation);
  await cache.preload(DATASET);
  const hits = await store.images.vectorSearch(DATASET, image.vector, {
    limit: LIMIT,
    exclude: [probe.id],
    withVectors: false,
  });
  const results = await cache(DATASET);
  const rows = await curationOf(
    curation,
    results,
    hits.map((hit) => hit.row.id),
  );
  const answer = await port.searchSimilar(DATASET, {
    source: { kind: 'image', imageId: probe.id },
    limit: LIMIT,
    filters: { issues: [], labels: [], tags: [] },
    target: 'images',
  });
  const [textVector] = await benchEmbedder().embedTexts([TEXT]);
  const raw = (select: string[] | undefined, refineFactor = SEARCH_TUNING.refineFactor) => {
    let query = table
      .vectorSearch(image.vector)
      .distanceType('cosine')
      .where(`dataset = '${DATASET}'`)
      .nprobes(SEARCH_TUNING.nprobes)
      .ef(Math.max(SEARCH_TUNING.ef, (LIMIT + 1) * refineFactor))
      .refineFactor(refineFactor)
      .limit(LIMIT + 1);
    if (select) query = query.select([...select, '_distance']);
    return query.toArray();
  };
  const summaryColumns = (await table.schema()).fields
    .map((field) => field.name)
    .filter((name) => name !== 'vector' && name !== 'text');
  const list = {
    where: where.and(where.in('label', ['cat']), where.range('blur', { gte: 0.8 })),
    limit: 50,
    orderBy: { column: 'blur' as const, ascending: false },
  };
  const measured: [string, () => Promise<unknown>][] = [
    [
      'similar, before: get by id as the store made it (bare: dataset and id, every column)',
      () => table.query().where(`dataset = '${DATASET}' AND id IN ('${probe.id}')`).toArray(),
    ],
    [
      'similar: LanceDB get by id (bare: id index, every column)',
      () => table.query().where(`id = '${probe.id}'`).limit(1).toArray(),
    ],
    ['similar: store get by id', () => store.images.get(DATASET, probe.id)],
    [
      'similar: store vector of the source (what the route reads now)',
      () => store.images.vector(DATASET, probe.id),
    ],
    [
      'similar, before: search as the store made it (bare: refine 5, dataset condition, columns of the answer)',
      () => raw(summaryColumns, 5),
    ],
    ['similar: LanceDB search, ids only (bare, refine 1)', () => raw(['id'])],
    ['similar: LanceDB search, columns of the answer (bare, refine 1)', () => raw(summaryColumns)],
    [
      'similar: store search, with vectors',
      () => store.images.vectorSearch(DATASET, image.vector, { limit: LIMIT, exclude: [probe.id] }),
    ],
    [
      'similar: store search, without vectors',
      () =>
        store.images.vectorSearch(DATASET, image.vector, {
          limit: LIMIT,
          exclude: [probe.id],
          withVectors: false,
        }),
    ],
    ['similar: curation results (cached view)', () => cache(DATASET)],
    [
      'similar: curation join of the hits',
      () =>
        curationOf(
          curation,
          results,
          hits.map((hit) => hit.row.id),
        ),
    ],
    [
      'similar: summaries and thumbnail URLs',
      async () => hits.map((hit) => imageSummary(hit.row, rows.get(hit.row.id), {}, THRESHOLDS)),
    ],
    ['similar: JSON of the answer', async () => JSON.stringify(answer)],
    [
      'similar: the port call (all of the above)',
      () =>
        port.searchSimilar(DATASET, {
          source: { kind: 'image', imageId: probe.id },
          limit: LIMIT,
          filters: { issues: [], labels: [], tags: [] },
          target: 'images',
        }),
    ],
    [
      'similar: app.request (routing, auth, zod, JSON)',
      () => app.post('/search/similar', { imageId: probe.id, limit: LIMIT }),
    ],
    ['text: text tower (bench stand-in)', () => benchEmbedder().embedTexts([TEXT])],
    [
      'text: store vector search',
      () => store.images.vectorSearch(DATASET, textVector, { limit: LIMIT, withVectors: false }),
    ],
    ['text: store full-text search', () => store.images.textSearch(DATASET, TEXT, { limit: LIMIT })],
    ['text: app.request', () => app.post('/search/text', { query: TEXT, limit: LIMIT })],
    ['listing: store list (label + blur, by blur)', () => store.images.list(DATASET, list)],
    ['listing: app.request', () => app.get('/images?label=cat&issue=blur&threshold=0.8&limit=50')],
  ];
  const out: [string, Timing][] = [];
  for (const [name, fn] of measured) out.push([name, await time(fn)]);
  curation.close();
  return out;
}

interface AppHandle {
  dir: string;
  post(path: string, body: unknown): Promise<unknown>;
  get(path: string): Promise<unknown>;
}

const table: Record<string, Record<number, Timing>> = {};
for (const n of sizes) {
  const { dir, store } = await cachedDataset(n);
  const local = await benchApp(dir, store);
  const lance = await (await connect(dir, { readConsistencyInterval: 0 })).openTable('images');
  const call = async (path: string, init: RequestInit) => {
    const response = await local.app.request(`/v1/datasets/${DATASET}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${local.key}`, 'content-type': 'application/json' },
    });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.arrayBuffer();
  };
  const app: AppHandle = {
    dir,
    post: (path, body) => call(path, { method: 'POST', body: JSON.stringify(body) }),
    get: (path) => call(path, { method: 'GET' }),
  };
  console.error(`${n} rows: profiling`);
  for (const [name, timing] of await stages(n, store, lance, local.port, app)) {
    table[name] ??= {};
    table[name][n] = timing;
  }
  lance.close();
  local.close();
  store.close();
}

console.log(`\none client, ${requests} calls per stage, p50 wall ms / CPU ms per call (all threads)`);
console.log(`| stage | ${sizes.map((n) => `${n.toLocaleString('en-US')} rows`).join(' | ')} |`);
console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
for (const [name, bySize] of Object.entries(table)) {
  const cells = sizes.map((n) =>
    bySize[n] ? `${bySize[n].wall.toFixed(2)} / ${bySize[n].cpu.toFixed(2)}` : '',
  );
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
process.exit(0);
