import type { PartitionReport } from './types.ts';

/** Parent -> worker: search one partition of the table in `dir` against the partitions listed in `searched`. */
export interface PartitionTask {
  type: 'task';
  dir: string;
  partition: number;
  searched: number[];
  dimension: number;
  k: number;
}

/**
 * Parent -> worker: bring partition `partition`'s graph rows up to date after a change (rows in `fresh` were
 * added or changed, rows in `gone` deleted or changed; both only those of the `searched` partitions).
 */
export interface UpdateTask extends Omit<PartitionTask, 'type'> {
  type: 'update';
  fresh: number[];
  gone: number[];
}

export type WorkerTask = PartitionTask | UpdateTask;

export type ToWorker = WorkerTask | { type: 'stop' };

export type FromWorker =
  | { type: 'done'; report: PartitionReport }
  | { type: 'error'; partition: number; message: string }
  | { type: 'stopped'; peakRssBytes: number; maxHeldRows: number; cpuMs: number };
