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

export type ToWorker = PartitionTask | { type: 'stop' };

export type FromWorker =
  | { type: 'done'; report: PartitionReport }
  | { type: 'error'; partition: number; message: string }
  | { type: 'stopped'; peakRssBytes: number; maxHeldRows: number; cpuMs: number };
