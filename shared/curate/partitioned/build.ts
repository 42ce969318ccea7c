import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  defaultThreads,
  type KnnBuild,
  type KnnGraph,
  type KnnOptions,
  parseOptions,
  type VectorSource,
} from '../knn/index.ts';
import { readGraph } from './graph.ts';
import type { PartitionTask } from './messages.ts';
import { nearestPartition, planPartitions } from './plan.ts';
import { type PoolResult, runPool } from './pool.ts';
import { savePlan } from './state.ts';
import { appendRows, createGraphTable, GRAPH_TABLE, indexPartitions, ROWS_TABLE } from './tables.ts';
import type { PartitionedOptions, PartitionPlan } from './types.ts';

export const partitionedOptionsSchema = z.object({
  k: z.number().int().min(1).max(1000).default(10),
  partitionRows: z.number().int().min(16).max(1_000_000).default(1_000),
  probes: z.number().int().min(0).max(256).default(8),
  samplePerPartition: z.number().int().min(1).max(1_000).default(32),
  workers: z.number().int().min(1).max(1024).optional(),
  seed: z.number().int().default(1),
});

export interface PartitionedBuild {
  plan: PartitionPlan;
  pool: PoolResult;
  timings: { planMs: number; assignMs: number; searchMs: number };
}

/**
 * The partitioned kNN graph of `source`, written to LanceDB tables in `dir` (knn_rows, knn_graph): the planner
 * streams the source twice (a sample for the centroids, then every batch assigned to its partition and
 * appended), worker processes search the partitions. Nothing here holds all rows.
 */
export async function buildPartitioned(
  source: VectorSource,
  dir: string,
  options: PartitionedOptions & { plan?: PartitionPlan } = {},
): Promise<PartitionedBuild> {
  const { onProgress, plan: given, ...rest } = options;
  const settings = parseOptions(partitionedOptionsSchema, rest, 'partitioned kNN');
  const threads = defaultThreads();
  const started = performance.now();
  // A given plan (an earlier build's) makes the graph an update of that build must equal.
  const plan = given ?? (await planPartitions(source, { ...settings, threads }));
  const planned = performance.now();
  const assigned = await writeAssigned(source, dir, plan, threads, onProgress);
  await indexPartitions(dir, ROWS_TABLE);
  // Created here, empty, so that workers only append: two workers creating it at once race (one sees the
  // table's folder before its first version exists and fails to open it).
  await createGraphTable(dir, settings.k);
  const written = performance.now();
  const partitions = plan.centroids.length / plan.dimension;
  const tasks: PartitionTask[] = Array.from({ length: partitions }, (_, p) => ({
    type: 'task',
    dir,
    partition: p,
    searched: Array.from(plan.searched.subarray(p * plan.width, (p + 1) * plan.width)),
    dimension: plan.dimension,
    k: settings.k,
  }));
  const pool = await runPool(tasks, settings.workers ?? threads, (done, total) =>
    onProgress?.(done, total, 'search'),
  );
  // What an incremental update needs later: each partition's graph rows by filter, the plan, the figures
  // its drift rule compares against.
  await indexPartitions(dir, GRAPH_TABLE);
  const sizes = Array.from(assigned.sizes);
  await savePlan(dir, plan, {
    version: 1,
    k: settings.k,
    plannedRows: source.count,
    rows: source.count,
    changedSincePlan: 0,
    meanDistance: assigned.distanceSum / Math.max(1, source.count),
    plannedLargest: sizes.reduce((most, size) => Math.max(most, size), 0),
    sizes,
  });
  return {
    plan,
    pool,
    timings: {
      planMs: planned - started,
      assignMs: written - planned,
      searchMs: performance.now() - written,
    },
  };
}

async function writeAssigned(
  source: VectorSource,
  dir: string,
  plan: PartitionPlan,
  threads: number,
  onProgress?: (done: number, total: number, stage: string) => void,
): Promise<{ sizes: Int32Array; distanceSum: number }> {
  const sizes = new Int32Array(plan.centroids.length / plan.dimension);
  let distanceSum = 0;
  for await (const batch of source.batches()) {
    const rows = batch.vectors.length / plan.dimension;
    const { assignment, similarity } = nearestPartition(plan, batch.vectors, threads);
    for (let i = 0; i < rows; i++) {
      sizes[assignment[i]]++;
      distanceSum += 1 - similarity[i];
    }
    const ids = Int32Array.from({ length: rows }, (_, i) => batch.offset + i);
    await appendRows(dir, ids, assignment, batch.vectors.slice(), plan.dimension);
    onProgress?.(batch.offset + rows, source.count, 'assign');
  }
  return { sizes, distanceSum };
}

/**
 * The partitioned graph as an in-memory KnnGraph, for the passes that take one: built in a scratch directory
 * that is removed afterwards. The graph itself is n x k (80 MB at 1M rows, k = 10).
 */
export async function partitionedKnnGraph(
  source: VectorSource,
  options: PartitionedOptions = {},
): Promise<{ graph: KnnGraph; build: PartitionedBuild }> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-knn-'));
  try {
    const build = await buildPartitioned(source, dir, options);
    const graph = await readGraph(dir, source.count, options.k ?? 10);
    return { graph, build };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The passes' kNN contract (same as buildKnnGraph), served by the partitioned build. */
export async function partitionedKnnBuild(source: VectorSource, options: KnnOptions = {}): Promise<KnnBuild> {
  const { graph, build } = await partitionedKnnGraph(source, {
    k: options.k,
    workers: options.threads,
    onProgress: options.onProgress,
  });
  const parameters = partitionedOptionsSchema.parse({ k: options.k });
  return {
    graph,
    method: 'approximate',
    parameters: {
      ...parameters,
      method: 'partitioned',
      partitions: build.plan.centroids.length / build.plan.dimension,
      width: build.plan.width,
    },
    timings: { buildMs: build.timings.planMs + build.timings.assignMs, searchMs: build.timings.searchMs },
  };
}
