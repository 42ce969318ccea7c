/** What the planner decides from the table's size and a sample; every worker needs only its own entry. */
export interface PartitionPlan {
  dimension: number;
  /** Rows of the source when planned. */
  count: number;
  /** partitions x dimension unit rows (spherical k-means on the sample). */
  centroids: Float32Array;
  /** For each partition, itself then its `probes` nearest partitions by centroid cosine (flattened). */
  searched: Int32Array;
  /** Partitions each worker reads per query partition (itself included). */
  width: number;
}

export interface PartitionedOptions {
  /** Neighbours per row (default 10). */
  k?: number;
  /** Rows per partition the planner aims at (default 1 000): a worker holds about (probes + 1) x this. */
  partitionRows?: number;
  /** Neighbouring partitions searched beside a row's own (default 8). */
  probes?: number;
  /** Sampled rows per partition for training the centroids (default 32). */
  samplePerPartition?: number;
  /** Worker processes (default: every core). */
  workers?: number;
  seed?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
}

/** One worker's answer for one partition: rows it searched and what it held. */
export interface PartitionReport {
  partition: number;
  queries: number;
  /** Rows the worker read for this partition (its own and its probes'): the memory it needed. */
  held: number;
  ms: number;
  /** Updates only: stored lists merged with the fresh rows, and graph rows written (changed or new). */
  merged?: number;
  written?: number;
}
