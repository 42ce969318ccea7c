import { VisibleError } from '../../errors/index.ts';
import type { KnnGraph } from '../knn/index.ts';
import { flatValues, tableOfBatch } from './arrow.ts';
import { GRAPH_TABLE, openTable } from './tables.ts';

/**
 * Reads the graph table back into row order, batch by batch; every row must be there exactly once, except
 * the `deleted` ones (an updated graph's holes), which must be absent and read as rows of -1.
 */
export async function readGraph(
  dir: string,
  n: number,
  k: number,
  deleted: ReadonlySet<number> = new Set(),
): Promise<KnnGraph> {
  const table = await openTable(dir, GRAPH_TABLE);
  const neighbors = new Int32Array(n * k).fill(-1);
  const similarities = new Float32Array(n * k).fill(Number.NEGATIVE_INFINITY);
  const seen = new Uint8Array(n);
  let filled = 0;
  for await (const batch of table.query().select(['row', 'neighbors', 'similarities'])) {
    const part = tableOfBatch(batch);
    const rows = flatValues(part, 'row', (m) => new Int32Array(m));
    const ids = flatValues(part, 'neighbors', (m) => new Int32Array(m));
    const sims = flatValues(part, 'similarities', (m) => new Float32Array(m));
    rows.forEach((row, i) => {
      if (row < 0 || row >= n || seen[row] || deleted.has(row))
        throw new VisibleError(`Graph row ${row} is out of range or twice.`, 'partition_failed');
      seen[row] = 1;
      filled++;
      neighbors.set(ids.subarray(i * k, (i + 1) * k), row * k);
      similarities.set(sims.subarray(i * k, (i + 1) * k), row * k);
    });
  }
  if (filled !== n - deleted.size)
    throw new VisibleError(
      `The graph table holds ${filled} of ${n - deleted.size} rows.`,
      'partition_failed',
    );
  return { n, k, neighbors, similarities };
}
