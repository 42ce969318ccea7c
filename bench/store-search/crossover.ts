import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { openStore } from '../../shared/store/index.ts';
import { seededRandom, syntheticSet } from '../curate/synthetic.ts';
import { exactIds, K, type Line, latencies, nearQueries, recall, rowsOf, timed } from './common.ts';

/**
 * Where an index starts to pay: flat and indexed store.vectorSearch at small sizes, the index built by
 * optimize() with the store's own config, its recall@10 against the exact answer.
 */
export async function crossover(sizes: number[], dimension: number, queries: number): Promise<Line[]> {
  const lines: Line[] = [];
  for (const n of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-cross-'));
    const store = await openStore(dir, { indexInBackground: false });
    try {
      const set = syntheticSet({ n, dimension, seed: 17 });
      const random = seededRandom(3);
      await store.images.upsert(rowsOf(set.vectors, dimension, 0, n, random));
      const probes = nearQueries(set.vectors, dimension, n, queries, random);
      const search = (q: Float32Array) =>
        store.images.vectorSearch('bench', q, { limit: K, withVectors: false });
      const flat = await latencies(probes, search);
      lines.push({ n, what: 'crossover: flat store.vectorSearch', ...flat, recall: 1 });
      const [, buildMs] = await timed(() => store.optimize({ vectorIndexMinRows: 1 }));
      const table = await (await connect(dir, { readConsistencyInterval: 0 })).openTable('images');
      const truth = await Promise.all(probes.map((q) => exactIds(table, q)));
      const got = await Promise.all(probes.map(async (q) => (await search(q)).map((hit) => hit.row.id)));
      const indexed = await latencies(probes, search);
      lines.push({
        n,
        what: 'crossover: indexed store.vectorSearch',
        buildS: buildMs / 1000,
        ...indexed,
        recall: recall(truth, got),
        note: `${(flat.p50 / indexed.p50).toFixed(2)}x faster than flat`,
      });
      table.close();
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return lines;
}
