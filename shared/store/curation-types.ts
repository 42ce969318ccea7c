import type { CurationFieldValues } from '../vocabulary/index.ts';
import type { Filter } from './filters.ts';

/**
 * The curation tables: `runs` (one row per pass), `curation` (one row per image or object per run) and
 * `clusters` (visual clusters for browsing, per run and level). A run's rows are written before the run row
 * is marked finished, so readers only ever see complete runs through `latestRun`.
 */
export type SubjectKind = 'image' | 'object';
export type RunKind = 'full' | 'incremental';
export type RunStatus = 'running' | 'finished' | 'failed';

/** Visual clusters are kept at levels 0 (coarse) .. VISUAL_LEVELS - 1 (fine). */
export const VISUAL_LEVELS = 5;

export interface RunRow {
  runId: string;
  dataset: string;
  kind: RunKind;
  status: RunStatus;
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

/**
 * One subject's row of a run: its identity, then the scores of the curation vocabulary
 * (shared/vocabulary/curation-fields.ts says what each one means and holds).
 */
export type CurationRow = CurationIdentity & CurationFieldValues;

export interface CurationIdentity {
  runId: string;
  dataset: string;
  kind: SubjectKind;
  /** Image id or object id. */
  id: string;
  /** Image id (equal to `id` for images). */
  imageId: string;
  key: string;
  label: string | null;
}

/** What the map draws of one image: its place and what it may be coloured by. */
export type MapPoint = Pick<
  CurationRow,
  | 'id'
  | 'key'
  | 'label'
  | 'duplicateCluster'
  | 'representative'
  | 'uniqueness'
  | 'mislabelConfidence'
  | 'suggestedLabel'
  | 'outlierConfidence'
  | 'datasetOutlierConfidence'
  | 'visualClusters'
> & { mapX: number; mapY: number; mapRank: number };

export interface VisualClusterRow {
  runId: string;
  dataset: string;
  level: number;
  clusterId: number;
  size: number;
  /** Member ids nearest the centroid, best first. */
  preview: string[];
  /** The most common labels of the members (null: written before the column existed). */
  labels: ClusterLabel[] | null;
}

/** A label's place in a visual cluster; `label: null` counts the unlabelled members. */
export interface ClusterLabel {
  label: string | null;
  count: number;
  /** count / cluster size. */
  share: number;
}

/** Columns of `curation` that filters and ordering may name (visual clusters as `cluster0` .. `cluster4`). */
export type CurationColumn = Exclude<keyof CurationRow, 'visualClusters'> | `cluster${0 | 1 | 2 | 3 | 4}`;

export interface CurationRowsOptions {
  kind?: SubjectKind;
  /** Built with shared/store/filters.ts, never from raw text. */
  where?: Filter;
  /** Default 1,000, at most 10,000. */
  limit?: number;
  offset?: number;
  orderBy?: { column: CurationColumn; ascending?: boolean };
}

export interface CurationStore {
  startRun(run: Omit<RunRow, 'status' | 'finishedAt'>): Promise<void>;
  writeRows(rows: readonly CurationRow[]): Promise<void>;
  writeClusters(rows: readonly VisualClusterRow[]): Promise<void>;
  /** Records the outcome; `parameters`, when given, are merged into those recorded at the start. */
  finishRun(
    runId: string,
    result: Pick<RunRow, 'counts' | 'timings' | 'status'> & { parameters?: Record<string, unknown> },
  ): Promise<void>;
  run(runId: string): Promise<RunRow | undefined>;
  /** The newest finished run of the dataset (of this kind when given). */
  latestRun(dataset: string, kind?: RunKind): Promise<RunRow | undefined>;
  /** Newest first, every status. */
  runs(dataset: string, limit?: number): Promise<RunRow[]>;
  rows(runId: string, options?: CurationRowsOptions): Promise<CurationRow[]>;
  /** Rows of these subjects in one run, or in several (one indexed query per chunk of ids, not one per run). */
  rowsFor(runId: string | readonly string[], ids: readonly string[]): Promise<CurationRow[]>;
  /** Streams a run's rows in batches; memory stays bounded by the batch size. */
  scanRows(runId: string, options?: { kind?: SubjectKind; batchSize?: number }): AsyncIterable<CurationRow[]>;
  /**
   * Streams only these columns of a run's rows (a score histogram reads a few of forty), so memory stays bounded
   * by the batch; columns that rows written before they existed lack read back as their blank.
   */
  scanColumns<C extends CurationColumn>(
    runId: string,
    options: { kind?: SubjectKind; columns: readonly C[]; batchSize?: number },
  ): AsyncIterable<Pick<CurationRow, C & keyof CurationRow>[]>;
  countRows(runId: string, options?: { kind?: SubjectKind; where?: Filter }): Promise<number>;
  /** The run's map points with `from <= mapRank < to`, in rank order (so the first N are a uniform sample). */
  mapPoints(runId: string, range: { from: number; to: number }): Promise<MapPoint[]>;
  /** Largest clusters first (only cluster `id` when given). */
  clusters(
    runId: string,
    level: number,
    options?: { limit?: number; offset?: number; id?: number },
  ): Promise<VisualClusterRow[]>;
  /**
   * Keeps the newest `keepFull` full runs of the dataset and every run started after the oldest of them;
   * deletes older runs with their rows and clusters. Returns the run ids removed.
   */
  prune(dataset: string, keepFull: number): Promise<string[]>;
  /** Compacts the fragments each write adds and drops versions older than `keepVersionsMs` (default 1 hour). */
  optimize(options?: { keepVersionsMs?: number }): Promise<void>;
  close(): void;
}
