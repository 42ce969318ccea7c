import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { openStore } from '../../shared/store/index.ts';
import { VECTOR_INDEX } from '../../shared/store/vector-index.ts';
import { seededRandom, syntheticSet } from '../curate/synthetic.ts';
import {
  exactIds,
  K,
  type Line,
  latencies,
  nearQueries,
  percentile,
  recall,
  rowsOf,
  timed,
} from './common.ts';

/**
 * Images arriving in batches, as an ingest writes them, with the store's background index upkeep on, next
 * to the same writes with it off: what the upkeep costs each write (it should cost nothing: the write never
 * waits), and how search and recall look at checkpoints while the index follows the data.
 */
export async function growth(
  total: number,
  batch: number,
  dimension: number,
  queries: number,
): Promise<Line[]> {
  const set = syntheticSet({ n: total, dimension, seed: 23 });
  const lines: Line[] = [];
  for (const background of [false, true]) {
    const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-growth-'));
    const store = await openStore(dir, { indexInBackground: background });
    const random = seededRandom(5);
    const writes: number[] = [];
    try {
      const checkpoint = Math.max(batch, Math.round(total / 4));
      for (let at = 0; at < total; at += batch) {
        const rows = rowsOf(set.vectors, dimension, at, Math.min(batch, total - at), random);
        writes.push((await timed(() => store.images.upsert(rows)))[1]);
        const written = at + rows.length;
        if (!background || (written % checkpoint !== 0 && written !== total)) continue;
        const table = await (await connect(dir, { readConsistencyInterval: 0 })).openTable('images');
        const probes = nearQueries(set.vectors, dimension, written, queries, random);
        const search = (q: Float32Array) =>
          store.images.vectorSearch('bench', q, { limit: K, withVectors: false });
        const truth = await Promise.all(probes.map((q) => exactIds(table, q)));
        const got = await Promise.all(probes.map(async (q) => (await search(q)).map((hit) => hit.row.id)));
        const stats = await table.indexStats(VECTOR_INDEX);
        lines.push({
          n: written,
          what: 'growth: search while ingesting (background upkeep)',
          ...(await latencies(probes, search)),
          recall: recall(truth, got),
          note: stats
            ? `${stats.numIndices ?? 1} segment(s), ${stats.numUnindexedRows} rows not indexed yet`
            : 'no index yet',
        });
        table.close();
      }
      await store.settle();
      lines.push({
        n: total,
        what: `growth: upsert of ${batch} rows, background upkeep ${background ? 'on' : 'off'}`,
        p50: percentile(writes, 0.5),
        p95: percentile(writes, 0.95),
        note: `max ${Math.max(...writes).toFixed(0)} ms`,
      });
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return lines;
}
