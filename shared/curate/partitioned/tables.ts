import { connect, Index, type Table } from '@lancedb/lancedb';
import { withCommitRetry } from '../../store/retry.ts';
import { fixedList, flatValues, int32Column, tableOf } from './arrow.ts';

/** Every row's vector with its partition: what workers read, a few partitions at a time. */
export const ROWS_TABLE = 'knn_rows';
/** One graph row per source row, written by the worker that searched it. */
export const GRAPH_TABLE = 'knn_graph';

export async function openTable(dir: string, name: string): Promise<Table> {
  return (await connect(dir)).openTable(name);
}

/** Appends rows (source row numbers, their partitions and vectors); creates the table on the first call. */
export async function appendRows(
  dir: string,
  rows: Int32Array,
  partitions: Int32Array,
  vectors: Float32Array,
  dimension: number,
): Promise<void> {
  const data = tableOf({
    row: int32Column(rows),
    partition: int32Column(partitions),
    vector: fixedList(vectors, dimension),
  });
  await appendTable(dir, ROWS_TABLE, data);
}

export async function appendGraphRows(
  dir: string,
  rows: Int32Array,
  neighbors: Int32Array,
  similarities: Float32Array,
  k: number,
): Promise<void> {
  const data = tableOf({
    row: int32Column(rows),
    neighbors: fixedList(neighbors, k),
    similarities: fixedList(similarities, k),
  });
  await appendTable(dir, GRAPH_TABLE, data);
}

/** The graph table with no rows yet (the planner makes it before any worker appends). */
export async function createGraphTable(dir: string, k: number): Promise<void> {
  const data = tableOf({
    row: int32Column(new Int32Array(0)),
    neighbors: fixedList(new Int32Array(0), k),
    similarities: fixedList(new Float32Array(0), k),
  });
  await (await connect(dir)).createTable(GRAPH_TABLE, data, { mode: 'overwrite' });
}

async function appendTable(dir: string, name: string, data: ReturnType<typeof tableOf>): Promise<void> {
  const db = await connect(dir);
  const names = await db.tableNames();
  if (!names.includes(name)) {
    try {
      await db.createTable(name, data, { mode: 'create' });
      return;
    } catch (error) {
      // Another worker created it first: append instead.
      if (!(await db.tableNames()).includes(name)) throw error;
    }
  }
  const table = await db.openTable(name);
  await withCommitRetry(`append to ${name}`, () => table.add(data));
}

/** A BTREE on `partition` (and `row`) lets each worker's filter read the index, not the whole column. */
export async function indexRows(dir: string): Promise<void> {
  const table = await openTable(dir, ROWS_TABLE);
  await table.createIndex('partition', { config: Index.btree(), name: 'partition_idx', replace: true });
}

export interface PartitionRows {
  rows: Int32Array;
  partitions: Int32Array;
  vectors: Float32Array;
}

/** The rows of the given partitions: a filtered, projected read (no other row leaves the store). */
export async function readPartitions(table: Table, partitions: ArrayLike<number>): Promise<PartitionRows> {
  const list = Array.from(partitions).join(', ');
  const data = await table
    .query()
    .where(`partition IN (${list})`)
    .select(['row', 'partition', 'vector'])
    .toArrow();
  return {
    rows: flatValues(data, 'row', (n) => new Int32Array(n)),
    partitions: flatValues(data, 'partition', (n) => new Int32Array(n)),
    vectors: flatValues(data, 'vector', (n) => new Float32Array(n)),
  };
}
