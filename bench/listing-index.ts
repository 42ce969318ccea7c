/**
 * The filtered listing (label + a quality floor, sorted by the quality score) with and without scalar indexes on
 * its columns, side by side in one run, over bench/api.ts's cached datasets (bench/.tmp/api-<n>):
 *   node bin/run-ts.mjs bench/listing-index.ts [sizes=20000,100000] [queries=40] [as-is]
 * (`as-is`: read the cached dataset as it is, without the optimize() that indexes it: a 1M-row dataset written
 * but not yet indexed, whose vector index would take longer to build than the listing needs.)
 * For each layout the indexes are built, the bare LanceDB query and the store call (the API's port call) are
 * timed, and the indexes are dropped again, so the cached dataset is left as the store builds it. Every layout's
 * answer is checked against the unindexed one first.
 */
import { join } from 'node:path';
import { connect, Index, type Table } from '@lancedb/lancedb';
import { openStore, where } from '../shared/store/index.ts';
import { CACHE_DIR, cachedDataset } from './api/cache.ts';
import { DATASET, WORDS } from './api/data.ts';
import { latencies, timed } from './store-search/common.ts';

const sizes = (process.argv[2] ?? '20000,100000').split(',').map(Number);
const queries = Number(process.argv[3] ?? 40);
const asIs = process.argv[4] === 'as-is';

interface Layout {
  name: string;
  indexes: { column: string; name: string; config: () => Index }[];
}
const LABEL = { column: 'label', name: 'bench_label_idx', config: () => Index.bitmap() };
const BLUR = { column: 'blur', name: 'bench_blur_idx', config: () => Index.btree() };
const LAYOUTS: Layout[] = [
  { name: 'no index on label, blur', indexes: [] },
  { name: 'label BITMAP', indexes: [LABEL] },
  { name: 'blur BTREE', indexes: [BLUR] },
  { name: 'label BITMAP + blur BTREE', indexes: [LABEL, BLUR] },
];

/** The listing of the bench's `filtered listing` route, for a few labels and floors. */
const shapes = Array.from({ length: queries }, (_, i) => ({
  label: WORDS[i % WORDS.length],
  floor: [0.8, 0.5, 0.95][i % 3],
}));

function bare(table: Table, shape: (typeof shapes)[number]) {
  return table
    .query()
    .where(`\`dataset\` = '${DATASET}' AND \`label\` IN ('${shape.label}') AND \`blur\` >= ${shape.floor}`)
    .select(['id', 'dataset', 'blur'])
    .orderBy([
      { columnName: 'blur', ascending: false },
      { columnName: 'id', ascending: true },
    ])
    .limit(50)
    .toArray();
}

async function indexedDataset(n: number): Promise<string> {
  const { dir, store } = await cachedDataset(n);
  store.close();
  return dir;
}

const lines: string[] = [];
for (const n of sizes) {
  const dir = asIs ? join(CACHE_DIR, `api-${n}`) : await indexedDataset(n);
  const table = await (await connect(dir, { readConsistencyInterval: 0 })).openTable('images');
  const fragments = (await table.stats()).fragmentStats.numFragments;
  const indexes = (await table.listIndices()).map((index) => index.name).join(', ');
  console.error(
    `${n}: ${await table.countRows()} rows, ${fragments} fragments, indexes: ${indexes || 'none'}`,
  );
  const expected = await Promise.all(shapes.map(async (s) => (await bare(table, s)).map((r) => r.id)));
  for (const layout of LAYOUTS) {
    const [, buildMs] = await timed(async () => {
      for (const index of layout.indexes)
        await table.createIndex(index.column, { config: index.config(), name: index.name, replace: true });
    });
    const store = await openStore(dir, { readOnly: true });
    try {
      for (let i = 0; i < shapes.length; i++) {
        const got = (await bare(table, shapes[i])).map((r) => r.id);
        if (got.join() !== expected[i].join())
          throw new Error(`${layout.name}: another answer for query ${i}`);
      }
      const lance = await latencies(shapes, (s) => bare(table, s));
      const port = await latencies(shapes, (s) =>
        store.images.list(DATASET, {
          where: where.and(where.in('label', [s.label]), where.range('blur', { gte: s.floor })),
          limit: 50,
          orderBy: { column: 'blur', ascending: false },
          withVectors: false,
        }),
      );
      lines.push(
        `| ${n.toLocaleString('en-US')} | ${layout.name} | ${(buildMs / 1000).toFixed(1)} | ` +
          `${lance.p50.toFixed(1)} / ${lance.p95.toFixed(1)} | ${port.p50.toFixed(1)} / ${port.p95.toFixed(1)} |`,
      );
      console.error(lines.at(-1));
    } finally {
      store.close();
      for (const index of layout.indexes) await table.dropIndex(index.name);
    }
  }
  table.close();
}

console.log(
  `\nfiltered listing (label IN (one), blur >= 0.5 / 0.8 / 0.95, by blur, 50 rows), ${queries} queries`,
);
console.log('| rows | indexes | build s | bare LanceDB p50 / p95 ms | store.list p50 / p95 ms |');
console.log('|---:|---|---:|---|---|');
for (const line of lines) console.log(line);
process.exit(0);
