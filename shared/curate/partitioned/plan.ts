import { assign } from '../clusters/kmeans.ts';
import {
  exactTopK,
  sampleIndices,
  seededRandom,
  type VectorMatrix,
  type VectorSource,
} from '../knn/index.ts';
import type { PartitionPlan } from './types.ts';

export interface PlanSettings {
  partitionRows: number;
  probes: number;
  samplePerPartition: number;
  threads: number;
  seed: number;
  /** Lloyd passes over the sample (the sample is small: a few seconds at 1M rows). */
  iterations?: number;
}

/**
 * Plans the partitions from the row count and a sample streamed from the source: memory is the sample
 * (partitions x samplePerPartition rows) and the centroids, never all rows.
 */
export async function planPartitions(source: VectorSource, settings: PlanSettings): Promise<PartitionPlan> {
  const { count, dimension } = source;
  const partitions = Math.max(1, Math.ceil(count / settings.partitionRows));
  const sample = await readSample(source, partitions * settings.samplePerPartition, settings.seed);
  const centroids = trainCentroids(sample, partitions, settings);
  const live = centroids.length / dimension;
  const width = Math.min(live, settings.probes + 1);
  return {
    dimension,
    count,
    centroids,
    searched: nearestPartitions(centroids, dimension, width, settings.threads),
    width,
  };
}

/** The sampled rows, read in one streaming pass over the source. */
export async function readSample(source: VectorSource, size: number, seed: number): Promise<VectorMatrix> {
  const chosen = sampleIndices(source.count, size, seededRandom(seed));
  return { count: chosen.length, dimension: source.dimension, data: await readRows(source, chosen) };
}

/** The rows at `indices` (ascending), read in one streaming pass over the source. */
export async function readRows(source: VectorSource, indices: ArrayLike<number>): Promise<Float32Array> {
  const { dimension } = source;
  const data = new Float32Array(indices.length * dimension);
  let next = 0;
  for await (const batch of source.batches()) {
    const rows = batch.vectors.length / dimension;
    while (next < indices.length && indices[next] < batch.offset + rows) {
      const at = indices[next] - batch.offset;
      data.set(batch.vectors.subarray(at * dimension, (at + 1) * dimension), next * dimension);
      next++;
    }
  }
  return data;
}

/**
 * Spherical k-means on the sample: seeds drawn at random from it (k-means++ costs sample x k dot products in
 * JavaScript per seed, minutes at 1 000 partitions), then Lloyd passes with native assignment. Partitions only
 * have to be compact, not optimal: recall comes from searching the neighbouring partitions too.
 */
function trainCentroids(sample: VectorMatrix, partitions: number, settings: PlanSettings): Float32Array {
  const { dimension, data } = sample;
  const take = Math.min(partitions, sample.count);
  const rows = Int32Array.from({ length: sample.count }, (_, i) => i);
  const seeds = sampleIndices(sample.count, take, seededRandom(settings.seed + 1));
  let centroids: Float32Array = new Float32Array(take * dimension);
  seeds.forEach((row, c) => {
    centroids.set(data.subarray(row * dimension, (row + 1) * dimension), c * dimension);
  });
  for (let it = 0; it < (settings.iterations ?? 8); it++) {
    const { assignment } = assign(sample, rows, centroids, settings.threads);
    centroids = memberMeans(sample, assignment, centroids);
  }
  return centroids;
}

/** Unit means of each centroid's members; a centroid without members keeps its place. */
function memberMeans(sample: VectorMatrix, assignment: Int32Array, previous: Float32Array): Float32Array {
  const { dimension, data } = sample;
  const sums = new Float64Array(previous.length);
  const sizes = new Int32Array(previous.length / dimension);
  assignment.forEach((c, q) => {
    sizes[c]++;
    for (let d = 0; d < dimension; d++) sums[c * dimension + d] += data[q * dimension + d];
  });
  const next = previous.slice();
  for (let c = 0; c < sizes.length; c++) {
    if (sizes[c] === 0) continue;
    let s = 0;
    for (let d = 0; d < dimension; d++) s += sums[c * dimension + d] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dimension; d++) next[c * dimension + d] = sums[c * dimension + d] * inv;
  }
  return next;
}

/** Each partition, then the partitions whose centroids lie nearest its own (itself first). */
function nearestPartitions(
  centroids: Float32Array,
  dimension: number,
  width: number,
  threads: number,
): Int32Array {
  const partitions = centroids.length / dimension;
  const searched = new Int32Array(partitions * width);
  const found = exactTopK(centroids, centroids, dimension, width, threads);
  for (let p = 0; p < partitions; p++) {
    searched[p * width] = p;
    let at = 1;
    for (let c = 0; c < width && at < width; c++) {
      const q = Number(found.keys[p * width + c]);
      if (q !== p) searched[p * width + at++] = q;
    }
    // A duplicate centroid can crowd the row's own index out of its top list: fill from the nearest found.
    for (let c = 0; at < width; c++) searched[p * width + at++] = Number(found.keys[p * width + c]);
  }
  return searched;
}

/** Nearest partition of each row of a batch, and the row's cosine to that partition's centroid. */
export function nearestPartition(
  plan: PartitionPlan,
  vectors: Float32Array,
  threads: number,
): { assignment: Int32Array; similarity: Float32Array } {
  const { dimension } = plan;
  const rows = vectors.length / dimension;
  const matrix: VectorMatrix = { count: rows, dimension, data: vectors };
  return assign(
    matrix,
    Int32Array.from({ length: rows }, (_, i) => i),
    plan.centroids,
    threads,
  );
}
