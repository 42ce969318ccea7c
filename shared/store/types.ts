import type { Box, QualityIssue, QualityScores } from '../media/types.ts';
import type { CurationStore } from './curation-types.ts';
import type { Filter } from './filters.ts';

/** Bumped when a table's columns change; recorded in the `meta` table and checked on open. */
export const SCHEMA_VERSION = 1;

/** One row of the `images` table. `id` is derived from (dataset, key), so it survives content changes. */
export interface ImageRow extends QualityScores {
  id: string;
  dataset: string;
  key: string;
  sha256: string;
  pixelHash: string;
  size: number;
  width: number;
  height: number;
  format: string;
  label: string | null;
  caption: string | null;
  tags: string[];
  /** Quality checks that could not judge it, and why (JSON, shared/vocabulary/unjudged.ts); null: all judged. */
  qualityUnjudged?: string | null;
  /** Bucket key of the thumbnail (WebP). */
  thumbnailKey: string;
  vector: Float32Array;
  /** The embedding of the content inside an added frame (shared/media/frame.ts), base64 float32; null: none. */
  contentVector?: string | null;
  model: string;
  /** Milliseconds since the epoch. */
  ingestedAt: number;
}

/** One row of the `objects` table: a labelled box inside an image, embedded from its crop. */
export interface ObjectRow {
  id: string;
  imageId: string;
  dataset: string;
  /** The image's key, so object hits can be shown without a join. */
  key: string;
  label: string | null;
  box: Box;
  vector: Float32Array;
  model: string;
}

/** A file that could not be ingested, and why; replaced when the same key is ingested again. */
export interface FailureRow {
  dataset: string;
  key: string;
  sha256: string | null;
  reason: string;
  at: number;
}

export interface VectorHit<Row> {
  row: Row;
  /** Cosine similarity in [-1, 1]; higher is closer. */
  score: number;
}

export interface TextHit<Row> {
  row: Row;
  /** BM25 relevance from the full-text index (unbounded, higher is better), or the fraction of query words found. */
  score: number;
}

export type ImageColumn = keyof ImageRow;
export type ObjectColumn = keyof ObjectRow;

/** What ingest needs to skip unchanged files. */
export interface StoredImage {
  id: string;
  sha256: string;
  model: string;
  /** What the annotations said when it was stored, so a changed sidecar is seen with the bytes unchanged. */
  label: string | null;
  caption: string | null;
  tags: string[];
  width: number;
  height: number;
}

/** The embedding model whose vectors the store holds; one per store. */
export interface StoreModel {
  id: string;
  dimension: number;
}

export interface ScanOptions<C extends string> {
  columns: readonly C[];
  where?: Filter;
  /** Rows per yielded batch (default 1024). */
  batchSize?: number;
}

export interface ListOptions<C extends string> {
  where?: Filter;
  /** At most 10,000. */
  limit: number;
  offset?: number;
  orderBy?: { column: C; ascending?: boolean };
  /** false: rows come without their vector (an empty one in its place), which spares reading and decoding it. */
  withVectors?: boolean;
}

export interface UnjudgedOptions {
  /** At most 10,000. */
  limit: number;
  label?: string;
}

export interface UnjudgedImages {
  count: number;
  rows: ImageRow[];
}

export interface VectorSearchOptions {
  /** Default 10, at most 10,000. */
  limit?: number;
  where?: Filter;
  /** Ids never returned (the query image itself, for example). */
  exclude?: readonly string[];
  /**
   * Default true. false: each hit's `vector` is an empty array, which saves reading and decoding the vectors
   * (862 floats a hit with the descriptor) when the caller needs only the rows' other fields.
   */
  withVectors?: boolean;
}

export interface TextSearchOptions {
  /** Default 10, at most 10,000. */
  limit?: number;
  where?: Filter;
}

export interface DatasetStats {
  dataset: string;
  images: number;
  objects: number;
  failures: number;
  /** Images per label; unlabelled images are counted in `unlabeled`. */
  labels: Record<string, number>;
  unlabeled: number;
  /** Images whose confidence for the issue is at or above its threshold. */
  quality: Record<QualityIssue, number>;
  thresholds: Record<QualityIssue, number>;
}

export interface ImageTable {
  /** Stored hash and model per key; keys not stored are absent. */
  existing(dataset: string, keys: readonly string[]): Promise<Map<string, StoredImage>>;
  /** Inserts or replaces by id. Refuses vectors of another model or dimension than the store's. */
  upsert(rows: readonly ImageRow[]): Promise<void>;
  /** Deletes the images with these keys and their objects; returns how many images were removed. */
  deleteKeys(dataset: string, keys: readonly string[]): Promise<number>;
  get(dataset: string, id: string): Promise<ImageRow | undefined>;
  getMany(dataset: string, ids: readonly string[]): Promise<ImageRow[]>;
  /** Only the image's vector (a lighter read than `get`); undefined when there is no such image. */
  vector(dataset: string, id: string): Promise<Float32Array | undefined>;
  getByKey(dataset: string, key: string): Promise<ImageRow | undefined>;
  count(dataset?: string, where?: Filter): Promise<number>;
  datasets(): Promise<string[]>;
  stats(dataset: string, thresholds?: Partial<Record<QualityIssue, number>>): Promise<DatasetStats>;
  /** Streams the dataset in batches; memory stays bounded by the batch size whatever the table's size. */
  scan<C extends ImageColumn>(dataset: string, options: ScanOptions<C>): AsyncIterable<Pick<ImageRow, C>[]>;
  list(dataset: string, options: ListOptions<ImageColumn>): Promise<ImageRow[]>;
  /** Images a quality check could not judge (too small, ...): how many, and the first `limit` by key. */
  unjudged(dataset: string, issue: QualityIssue, options: UnjudgedOptions): Promise<UnjudgedImages>;
  vectorSearch(
    dataset: string,
    vector: Float32Array,
    options?: VectorSearchOptions,
  ): Promise<VectorHit<ImageRow>[]>;
  /** Full-text search over label, caption, tags and key. */
  textSearch(dataset: string, query: string, options?: TextSearchOptions): Promise<TextHit<ImageRow>[]>;
}

export interface ObjectTable {
  /** Atomically replaces every object of these images with `rows` (all of which must belong to them). */
  replaceForImages(imageIds: readonly string[], rows: readonly ObjectRow[]): Promise<void>;
  forImage(dataset: string, imageId: string): Promise<ObjectRow[]>;
  get(dataset: string, id: string): Promise<ObjectRow | undefined>;
  count(dataset?: string, where?: Filter): Promise<number>;
  scan<C extends ObjectColumn>(dataset: string, options: ScanOptions<C>): AsyncIterable<Pick<ObjectRow, C>[]>;
  vectorSearch(
    dataset: string,
    vector: Float32Array,
    options?: VectorSearchOptions,
  ): Promise<VectorHit<ObjectRow>[]>;
}

export interface FailureTable {
  /** Records or replaces the failure of each (dataset, key). */
  record(rows: FailureRow | readonly FailureRow[]): Promise<void>;
  clear(dataset: string, keys: readonly string[]): Promise<void>;
  /** Newest first; at most `limit` (default 1,000). */
  list(dataset: string, limit?: number): Promise<FailureRow[]>;
  count(dataset?: string): Promise<number>;
}

export interface OptimizeReport {
  tables: {
    table: string;
    rows: number;
    fragmentsRemoved: number;
    versionsRemoved: number;
    /** Indexes created or rebuilt in this call. */
    indexed: string[];
    ms: number;
  }[];
}

export interface OptimizeOptions {
  /** Versions older than this are deleted (default 1 hour: readers in flight keep their snapshot). */
  keepVersionsMs?: number;
  /** Build a vector index once a table has this many rows (default DEFAULT_VECTOR_INDEX_ROWS, 256). */
  vectorIndexMinRows?: number;
}

export interface Store {
  readonly uri: string;
  readonly images: ImageTable;
  readonly objects: ObjectTable;
  readonly failures: FailureTable;
  /** The model of the stored vectors; undefined until the first vector is written. */
  model(): Promise<StoreModel | undefined>;
  /** Throws a VisibleError naming `viscura reembed` when the store holds vectors of another model or size. */
  assertModel(model: StoreModel): Promise<void>;
  /** The stored vectors' model when they were supplied with the images (no image or text tower here). */
  suppliedModel(): Promise<StoreModel | undefined>;
  /** Notes that the vectors of `model` are supplied, not computed; written before the first of them. */
  recordSuppliedModel(model: StoreModel): Promise<void>;
  /** The schema version recorded in the store; undefined before the first write. */
  schemaVersion(): Promise<number | undefined>;
  /** Compaction, cleanup of old versions, index refresh, and a vector index once tables are large. */
  optimize(options?: OptimizeOptions): Promise<OptimizeReport>;
  /** Resolves once the background index upkeep running now (started by this process's writes) has finished. */
  settle(): Promise<void>;
  /**
   * The curation tables in the same location, opened on first call on this store's connection and shared by
   * every caller; they close with the store (their own close() does nothing).
   */
  curation(): Promise<CurationStore>;
  close(): void;
}
