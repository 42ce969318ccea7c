import type { Filter } from './filters.ts';

/**
 * The curation tables: `runs` (one row per pass), `curation` (one row per image or object per run) and
 * `clusters` (visual clusters for browsing, per run and level). A run's rows are written before the run row
 * is marked finished, so readers only ever see complete runs through `latestRun`.
 */
export type SubjectKind = 'image' | 'object';
export type RunKind = 'full' | 'incremental';

export interface RunRow {
  runId: string;
  dataset: string;
  kind: RunKind;
  status: 'running' | 'finished' | 'failed';
  startedAt: number;
  finishedAt: number | null;
  model: string;
  /** The run this one was computed against (incremental runs) or follows (for "change since the previous run"). */
  previousRunId: string | null;
  /** Every threshold and parameter used, so a result can be reproduced and explained. */
  parameters: Record<string, unknown>;
  /** Images (and objects) per issue type. */
  counts: Record<string, number>;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

export interface CurationRow {
  runId: string;
  dataset: string;
  kind: SubjectKind;
  /** Image id or object id. */
  id: string;
  /** Image id (equal to `id` for images). */
  imageId: string;
  key: string;
  label: string | null;
  /** Duplicate cluster id, null when the subject has no duplicate. */
  duplicateCluster: string | null;
  /** True for the member to keep in its duplicate cluster (and for subjects without duplicates). */
  representative: boolean;
  /** Graded duplicate confidence in [0, 1]; 0.5 sits at the near-duplicate threshold. */
  duplicateScore: number;
  exactDuplicate: boolean;
  nearestId: string | null;
  nearestSimilarity: number;
  /** 0 = exact duplicate, 1 = nothing like it; a fixed scale. */
  uniqueness: number;
  mislabelConfidence: number;
  suggestedLabel: string | null;
  /** Class outlier confidence (a valid label, unlike its class). */
  outlierConfidence: number;
  /** Dataset outlier confidence (unlike anything). */
  datasetOutlierConfidence: number;
  /** Visual cluster id at each browsing level 0 (coarse) .. 4 (fine). */
  visualClusters: number[];
}

export interface VisualClusterRow {
  runId: string;
  dataset: string;
  level: number;
  clusterId: number;
  size: number;
  /** Member ids nearest the centroid, best first. */
  preview: string[];
}

export interface CurationStore {
  startRun(run: Omit<RunRow, 'status' | 'finishedAt'>): Promise<void>;
  writeRows(rows: readonly CurationRow[]): Promise<void>;
  writeClusters(rows: readonly VisualClusterRow[]): Promise<void>;
  finishRun(runId: string, result: Pick<RunRow, 'counts' | 'timings' | 'status'>): Promise<void>;
  /** The newest finished run of the dataset (of this kind when given). */
  latestRun(dataset: string, kind?: RunKind): Promise<RunRow | undefined>;
  runs(dataset: string, limit?: number): Promise<RunRow[]>;
  /** Rows of a run; `where` is built with shared/store/filters.ts, never from raw text. */
  rows(runId: string, options: { kind?: SubjectKind; where?: Filter; limit?: number; offset?: number }): Promise<CurationRow[]>;
  rowsFor(runId: string, ids: readonly string[]): Promise<CurationRow[]>;
  clusters(runId: string, level: number, options?: { limit?: number; offset?: number }): Promise<VisualClusterRow[]>;
}
