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
  /** In the select-uniques subset computed with the run's default target. */
  selected: boolean;
  mislabelConfidence: number;
  suggestedLabel: string | null;
  /** Class outlier confidence (a valid label, unlike its class). */
  outlierConfidence: number;
  /** Dataset outlier confidence (unlike anything). */
  datasetOutlierConfidence: number;
  /** How central the subject is in its neighbourhood, in [0, 1]; 0.5 = as dense as its neighbours. */
  typicality: number;
  /** Place in the "select representatives" order (typical and diverse; any prefix is a subset); -1 = unranked. */
  representativeRank: number;
  /** Visual cluster id at each browsing level 0 (coarse) .. 4 (fine); -1 where the subject has none. */
  visualClusters: number[];
  /**
   * Why the label checks scored it so (voters, neighbourhood, outlier distances) as JSON, for subjects with a
   * label confidence of at least 0.25; null (or absent) otherwise. Shape: LabelEvidence in shared/curate/labels.
   */
  labelEvidence?: string | null;
  /**
   * In a duplicate cluster: why its keeper is kept (docs/curation.md, "The keeper rule"): 'resolution',
   * 'quality', 'oldest', 'newest', 'key', 'already-kept', 'identical-order'. Null outside clusters.
   */
  keptBecause?: string | null;
  /**
   * How this member matches its keeper: 'exact-bytes', 'exact-pixels', or 'near' followed by the transforms seen
   * ('near: resized, cropped, flipped'); 'keeper' for the keeper itself. Null outside clusters.
   */
  duplicateMatch?: string | null;
  /** Position on the embedding map in [0, 1] (docs/explorer-map.md); -1 (or absent) for objects and older runs. */
  mapX?: number;
  mapY?: number;
  /** A seeded permutation of the run's images: rank < N is a uniform sample of N; -1 off the map. */
  mapRank?: number;
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
  rowsFor(runId: string, ids: readonly string[]): Promise<CurationRow[]>;
  /** Streams a run's rows in batches; memory stays bounded by the batch size. */
  scanRows(runId: string, options?: { kind?: SubjectKind; batchSize?: number }): AsyncIterable<CurationRow[]>;
  countRows(runId: string, options?: { kind?: SubjectKind; where?: Filter }): Promise<number>;
  /** The run's map points with `from <= mapRank < to`, in rank order (so the first N are a uniform sample). */
  mapPoints(runId: string, range: { from: number; to: number }): Promise<MapPoint[]>;
  /** Largest clusters first. */
  clusters(
    runId: string,
    level: number,
    options?: { limit?: number; offset?: number },
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
