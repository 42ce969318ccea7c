import type { Box, QualityScores } from '../media/types.ts';

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
  /** Bucket key of the thumbnail (WebP). */
  thumbnailKey: string;
  vector: Float32Array;
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
