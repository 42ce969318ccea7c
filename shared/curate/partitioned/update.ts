import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { defaultThreads, parseOptions } from '../knn/index.ts';
import { type DriftFigures, driftReason, driftSettingsSchema } from './drift.ts';
import type { UpdateTask } from './messages.ts';
import { nearestPartition } from './plan.ts';
import { type PoolResult, runPool } from './pool.ts';
import { type GraphState, loadPlan, saveState } from './state.ts';
import {
  appendRows,
  applyDelta,
  createGraphTable,
  DELTA_TABLE,
  deleteRows,
  GRAPH_TABLE,
  ROWS_TABLE,
  rowPartitions,
} from './tables.ts';
import type { PartitionPlan } from './types.ts';

/** A night's change to the rows: `rows` added or changed (a changed row keeps its number), `deleted` removed. */
export interface GraphChange {
  rows: Int32Array;
  /** rows x dimension unit vectors, the new value of each row in `rows`. */
  vectors: Float32Array;
  deleted: Int32Array;
}

export const updateOptionsSchema = z.object({
  workers: z.number().int().min(1).max(1024).optional(),
  drift: driftSettingsSchema.default(driftSettingsSchema.parse({})),
});
export type UpdateOptions = z.input<typeof updateOptionsSchema> & {
  onProgress?: (done: number, total: number, stage: string) => void;
};

export type UpdateResult =
  | { action: 'rebuild'; reason: string; drift: DriftFigures }
  | {
      action: 'updated';
      drift: DriftFigures;
      /** Partitions whose graph rows were brought up to date (those that search a changed partition). */
      partitions: number;
      added: number;
      changed: number;
      deleted: number;
      pool: PoolResult;
      timings: { prepareMs: number; searchMs: number; writeMs: number };
    };

/**
 * Brings the partitioned graph in `dir` up to date with a change, at about the change's cost: new and changed
 * rows are assigned to the saved plan's centroids, and only partitions that search a changed partition are
 * read again, each by one worker task (mergePartition). The result equals a build over the same rows with the
 * same plan. When the plan has drifted (drift.ts) nothing is written and the answer says to rebuild.
 */
export async function updatePartitioned(
  dir: string,
  change: GraphChange,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  const { onProgress, ...rest } = options;
  const settings = parseOptions(updateOptionsSchema, rest, 'partitioned update');
  const threads = defaultThreads();
  const started = performance.now();
  const { plan, state } = await loadPlan(dir);
  checkChange(change, plan.dimension);
  const before = await rowPartitions(dir, Int32Array.from([...change.rows, ...change.deleted]));
  const deleted = change.deleted.filter((row) => before.has(row));
  const { assignment, similarity } = nearestPartition(plan, change.vectors, threads);
  const sizes = state.sizes.slice();
  for (const p of before.values()) sizes[p]--;
  for (const p of assignment) sizes[p]++;
  const changedRows = change.rows.filter((row) => before.has(row)).length;
  const drift = driftOf(state, sizes, change.rows.length + deleted.length, similarity);
  const reason = driftReason(drift, settings.drift);
  if (reason) return { action: 'rebuild', reason, drift };

  // The rows table first: workers read the new vectors from it.
  const replaced = Int32Array.from(before.keys());
  if (replaced.length > 0) await deleteRows(dir, ROWS_TABLE, replaced);
  if (change.rows.length > 0)
    await appendRows(dir, change.rows, assignment, change.vectors.slice(), plan.dimension);
  await createGraphTable(dir, state.k, DELTA_TABLE);
  const tasks = updateTasks(dir, plan, state.k, change.rows, assignment, before);
  const prepared = performance.now();
  const pool = await runPool(tasks, settings.workers ?? threads, (done, total) =>
    onProgress?.(done, total, 'update'),
  );
  const searched = performance.now();
  if (deleted.length > 0) await deleteRows(dir, GRAPH_TABLE, deleted);
  await applyDelta(dir);
  await saveState(dir, {
    ...state,
    rows: state.rows + change.rows.length - changedRows - deleted.length,
    changedSincePlan: state.changedSincePlan + change.rows.length + deleted.length,
    sizes,
  });
  return {
    action: 'updated',
    drift,
    partitions: tasks.length,
    added: change.rows.length - changedRows,
    changed: changedRows,
    deleted: deleted.length,
    pool,
    timings: {
      prepareMs: prepared - started,
      searchMs: searched - prepared,
      writeMs: performance.now() - searched,
    },
  };
}

function checkChange(change: GraphChange, dimension: number): void {
  if (change.vectors.length !== change.rows.length * dimension)
    throw new VisibleError(
      `The change has ${change.rows.length} rows but ${change.vectors.length / dimension} vectors of ${dimension} values.`,
      'invalid_input',
    );
  const upserted = new Set(change.rows);
  if (upserted.size !== change.rows.length)
    throw new VisibleError('A row appears twice among the added or changed rows.', 'invalid_input');
  if (change.deleted.some((row) => upserted.has(row)))
    throw new VisibleError('A row is both changed and deleted in one update.', 'invalid_input');
}

function driftOf(
  state: GraphState,
  sizes: number[],
  changed: number,
  similarity: Float32Array,
): DriftFigures {
  let distance = 0;
  for (const s of similarity) distance += 1 - s;
  const meanNew = similarity.length > 0 ? distance / similarity.length : 0;
  const largest = sizes.reduce((most, size) => Math.max(most, size), 0);
  return {
    changedShare: (state.changedSincePlan + changed) / Math.max(1, state.plannedRows),
    partitionGrowth: largest / Math.max(1, state.plannedLargest),
    distanceGrowth: state.meanDistance > 0 ? meanNew / state.meanDistance : 0,
  };
}

/**
 * One task per partition whose searched list holds a touched partition (one a row joined or left): only those
 * can have a graph row that changes. Each task gets the fresh and gone rows of its searched partitions.
 */
function updateTasks(
  dir: string,
  plan: PartitionPlan,
  k: number,
  rows: Int32Array,
  assignment: Int32Array,
  before: Map<number, number>,
): UpdateTask[] {
  const partitions = plan.centroids.length / plan.dimension;
  const fresh = Array.from({ length: partitions }, () => [] as number[]);
  const gone = Array.from({ length: partitions }, () => [] as number[]);
  rows.forEach((row, i) => {
    fresh[assignment[i]].push(row);
  });
  for (const [row, p] of before) gone[p].push(row);
  const tasks: UpdateTask[] = [];
  for (let p = 0; p < partitions; p++) {
    const searched = Array.from(plan.searched.subarray(p * plan.width, (p + 1) * plan.width));
    if (!searched.some((q) => fresh[q].length > 0 || gone[q].length > 0)) continue;
    tasks.push({
      type: 'update',
      dir,
      partition: p,
      searched,
      dimension: plan.dimension,
      k,
      fresh: searched.flatMap((q) => fresh[q]),
      gone: searched.flatMap((q) => gone[q]),
    });
  }
  return tasks;
}
