import type { Table } from '@lancedb/lancedb';
import { mergePartition } from './merge.ts';
import type { PartitionTask, UpdateTask } from './messages.ts';
import { searchPartition } from './search.ts';
import {
  appendGraphRows,
  DELTA_TABLE,
  GRAPH_TABLE,
  openTable,
  ROWS_TABLE,
  readGraphRows,
  readPartitions,
} from './tables.ts';
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
  const table = await cachedTable(tables, task.dir, ROWS_TABLE);
  const held = await readPartitions(table, task.searched);
  const graph = await searchPartition(held, task.partition, task.dimension, task.k, threads);
  if (graph.rows.length > 0) {
    await appendGraphRows(task.dir, { partition: task.partition, ...graph }, task.k);
  }
  return {
    partition: task.partition,
    queries: graph.rows.length,
    held: held.rows.length,
    ms: performance.now() - started,
  };
}

/**
 * One partition's share of an incremental update: the same read as a build (its searched partitions), plus
 * its stored graph rows; the rows that changed go to the delta table, merged into the graph once at the end.
 */
export async function runUpdate(task: UpdateTask, threads: number): Promise<PartitionReport> {
  const started = performance.now();
  // Opened afresh: the coordinator wrote the rows table since the build, and a cached handle reads the old version.
  const held = await readPartitions(await openTable(task.dir, ROWS_TABLE), task.searched);
  const stored = await readGraphRows(await openTable(task.dir, GRAPH_TABLE), task.partition);
  const change = { partition: task.partition, fresh: new Set(task.fresh), gone: new Set(task.gone) };
  const result = await mergePartition(held, stored, change, task.dimension, task.k, threads);
  if (result.changed.rows.length > 0) await appendGraphRows(task.dir, result.changed, task.k, DELTA_TABLE);
  return {
    partition: task.partition,
    queries: result.searched,
    held: held.rows.length,
    ms: performance.now() - started,
    merged: result.merged,
    written: result.changed.rows.length,
  };
}

async function cachedTable(tables: Map<string, Table>, dir: string, name: string): Promise<Table> {
  const key = `${dir}\u0000${name}`;
  let table = tables.get(key);
  if (!table) {
    table = await openTable(dir, name);
    tables.set(key, table);
  }
  return table;
}
