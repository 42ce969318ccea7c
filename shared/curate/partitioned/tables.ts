import { connect, Index, type Table } from '@lancedb/lancedb';
import { withCommitRetry } from '../../store/retry.ts';
import { fixedList, flatValues, int32Column, tableOf, tableOfBatch } from './arrow.ts';

/** Every row's vector with its partition: what workers read, a few partitions at a time. */
export const ROWS_TABLE = 'knn_rows';
/** One graph row per source row, written by the worker that searched it. */
export const GRAPH_TABLE = 'knn_graph';
/** Graph rows an incremental update changed, appended by its workers and merged into knn_graph once. */
export const DELTA_TABLE = 'knn_graph_delta';

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

/** Graph rows of one partition; `partition` lets an update read back a partition's rows by filter. */
export interface GraphRowsOf {
  partition: number;
  rows: Int32Array;
  neighbors: Int32Array;
  similarities: Float32Array;
}

function graphTable(graph: GraphRowsOf, k: number): ReturnType<typeof tableOf> {
  return tableOf({
    row: int32Column(graph.rows),
    partition: int32Column(new Int32Array(graph.rows.length).fill(graph.partition)),
    neighbors: fixedList(graph.neighbors, k),
    similarities: fixedList(graph.similarities, k),
  });
}

export async function appendGraphRows(
  dir: string,
  graph: GraphRowsOf,
  k: number,
  name: string = GRAPH_TABLE,
): Promise<void> {
  await appendTable(dir, name, graphTable(graph, k));
}

/** A graph table (knn_graph, or an update's delta) with no rows yet, made before any worker appends. */
export async function createGraphTable(dir: string, k: number, name: string = GRAPH_TABLE): Promise<void> {
  const empty = { rows: new Int32Array(0), neighbors: new Int32Array(0), similarities: new Float32Array(0) };
  await (await connect(dir)).createTable(name, graphTable({ partition: 0, ...empty }, k), {
    mode: 'overwrite',
  });
}

/** Only the planner creates tables (it alone writes knn_rows; it makes knn_graph before the workers start), so
 * concurrent writers only ever append. */
async function appendTable(dir: string, name: string, data: ReturnType<typeof tableOf>): Promise<void> {
  const db = await connect(dir);
  if (!(await db.tableNames()).includes(name)) {
    await db.createTable(name, data, { mode: 'create' });
    return;
  }
  const table = await db.openTable(name);
  await withCommitRetry(`append to ${name}`, () => table.add(data));
}

/** A BTREE on `partition` lets each worker's filter read the index, not the whole column. */
export async function indexPartitions(dir: string, name: string): Promise<void> {
  const table = await openTable(dir, name);
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

/** The graph rows stored for one partition (an update's starting point). */
export async function readGraphRows(table: Table, partition: number): Promise<GraphRowsOf> {
  const data = await table
    .query()
    .where(`partition = ${partition}`)
    .select(['row', 'neighbors', 'similarities'])
    .toArrow();
  const rows = flatValues(data, 'row', (n) => new Int32Array(n));
  return {
    partition,
    rows,
    neighbors: flatValues(data, 'neighbors', (n) => new Int32Array(n)),
    similarities: flatValues(data, 'similarities', (n) => new Float32Array(n)),
  };
}

/** Row numbers in a filter, a bounded list at a time (a where string grows with the list). */
const IN_LIST = 8_192;

function* chunks(rows: Int32Array): Generator<string> {
  for (let at = 0; at < rows.length; at += IN_LIST)
    yield Array.from(rows.subarray(at, at + IN_LIST)).join(', ');
}

/** The stored partition of each of `rows` that the rows table holds (absent ones are left out). */
export async function rowPartitions(dir: string, rows: Int32Array): Promise<Map<number, number>> {
  const table = await openTable(dir, ROWS_TABLE);
  const found = new Map<number, number>();
  for (const list of chunks(rows)) {
    const data = await table.query().where(`row IN (${list})`).select(['row', 'partition']).toArrow();
    const ids = flatValues(data, 'row', (n) => new Int32Array(n));
    const partitions = flatValues(data, 'partition', (n) => new Int32Array(n));
    ids.forEach((row, i) => {
      found.set(row, partitions[i]);
    });
  }
  return found;
}

export async function deleteRows(dir: string, name: string, rows: Int32Array): Promise<void> {
  const table = await openTable(dir, name);
  for (const list of chunks(rows))
    await withCommitRetry(`delete from ${name}`, () => table.delete(`row IN (${list})`));
}

/**
 * Merges the delta table into the graph on `row` (a changed row is replaced, a new one inserted), one read
 * batch of the delta at a time, then drops the delta.
 */
export async function applyDelta(dir: string): Promise<void> {
  const db = await connect(dir);
  const graph = await db.openTable(GRAPH_TABLE);
  const delta = await db.openTable(DELTA_TABLE);
  for await (const batch of delta.query().select(['row', 'partition', 'neighbors', 'similarities'])) {
    const data = tableOfBatch(batch);
    await withCommitRetry('merge graph rows', () =>
      graph.mergeInsert('row').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data),
    );
  }
  await db.dropTable(DELTA_TABLE);
}
