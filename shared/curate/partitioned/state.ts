import { connect } from '@lancedb/lancedb';
import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { fixedList, flatValues, int32Column, tableOf } from './arrow.ts';
import { openTable } from './tables.ts';
import type { PartitionPlan } from './types.ts';

/** The plan's centroids and searched lists, one row per partition: what an update assigns new rows by. */
export const PLAN_TABLE = 'knn_plan';
/** One row: the figures the drift rule compares against (JSON, checked with zod when read back). */
export const STATE_TABLE = 'knn_state';

export const graphStateSchema = z.object({
  version: z.literal(1),
  k: z.number().int().min(1),
  /** Rows when the plan was made, and now. */
  plannedRows: z.number().int().min(0),
  rows: z.number().int().min(0),
  /** Rows added, changed or deleted by updates since the plan (a row changed twice counts twice). */
  changedSincePlan: z.number().int().min(0),
  /** The build's mean cosine distance of a row to its centroid. */
  meanDistance: z.number().min(0),
  /** The largest partition at the build: the worker memory that was measured. */
  plannedLargest: z.number().int().min(0),
  /** Rows per partition now. */
  sizes: z.array(z.number().int().min(0)),
});
export type GraphState = z.infer<typeof graphStateSchema>;

export async function savePlan(dir: string, plan: PartitionPlan, state: GraphState): Promise<void> {
  const partitions = plan.centroids.length / plan.dimension;
  const data = tableOf({
    partition: int32Column(Int32Array.from({ length: partitions }, (_, p) => p)),
    centroid: fixedList(plan.centroids, plan.dimension),
    searched: fixedList(plan.searched, plan.width),
  });
  const db = await connect(dir);
  await db.createTable(PLAN_TABLE, data, { mode: 'overwrite' });
  await saveState(dir, state);
}

export async function saveState(dir: string, state: GraphState): Promise<void> {
  const db = await connect(dir);
  await db.createTable(STATE_TABLE, [{ state: JSON.stringify(state) }], { mode: 'overwrite' });
}

/** The plan and figures of the last build in `dir`; a graph built before plans were kept cannot be updated. */
export async function loadPlan(dir: string): Promise<{ plan: PartitionPlan; state: GraphState }> {
  const db = await connect(dir);
  const names = await db.tableNames();
  if (!names.includes(PLAN_TABLE) || !names.includes(STATE_TABLE))
    throw new VisibleError(
      'This partitioned graph has no saved plan (it predates incremental updates): rebuild it in full.',
      'needs_full_run',
    );
  const [row] = await (await openTable(dir, STATE_TABLE)).query().toArray();
  const state = graphStateSchema.parse(JSON.parse(String(row?.state)));
  const data = await (await openTable(dir, PLAN_TABLE)).query().toArrow();
  const order = flatValues(data, 'partition', (n) => new Int32Array(n));
  const centroids = flatValues(data, 'centroid', (n) => new Float32Array(n));
  const searched = flatValues(data, 'searched', (n) => new Int32Array(n));
  const partitions = order.length;
  const dimension = centroids.length / partitions;
  const width = searched.length / partitions;
  // Rows come back in the order they were written; placing them by `partition` does not rely on it.
  const plan: PartitionPlan = {
    dimension,
    count: state.plannedRows,
    centroids: new Float32Array(centroids.length),
    searched: new Int32Array(searched.length),
    width,
  };
  order.forEach((p, i) => {
    plan.centroids.set(centroids.subarray(i * dimension, (i + 1) * dimension), p * dimension);
    plan.searched.set(searched.subarray(i * width, (i + 1) * width), p * width);
  });
  return { plan, state };
}
