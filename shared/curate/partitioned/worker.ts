import type { Table } from '@lancedb/lancedb';
import type { PartitionTask } from './messages.ts';
import { searchPartition } from './search.ts';
import { appendGraphRows, openTable, ROWS_TABLE, readPartitions } from './tables.ts';
import type { PartitionReport } from './types.ts';

/**
 * One partition's work, the same in a worker process and in a Lambda: read the partition and its neighbours
 * from the rows table, search, append the graph rows. Holds only those partitions' rows.
 */
export async function runPartition(
  task: PartitionTask,
  tables: Map<string, Table>,
  threads: number,
): Promise<PartitionReport> {
  const started = performance.now();
  let table = tables.get(task.dir);
  if (!table) {
    table = await openTable(task.dir, ROWS_TABLE);
    tables.set(task.dir, table);
  }
  const held = await readPartitions(table, task.searched);
  const graph = await searchPartition(held, task.partition, task.dimension, task.k, threads);
  if (graph.rows.length > 0) {
    await appendGraphRows(task.dir, graph.rows, graph.neighbors, graph.similarities, task.k);
  }
  return {
    partition: task.partition,
    queries: graph.rows.length,
    held: held.rows.length,
    ms: performance.now() - started,
  };
}
