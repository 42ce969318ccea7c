/** The tables a snapshot names a version of: the images with their annotations, and the curation results. */
export const SNAPSHOT_TABLES = ['images', 'objects', 'failures', 'runs', 'curation', 'clusters'] as const;
export type SnapshotTable = (typeof SNAPSHOT_TABLES)[number];

export interface Snapshot {
  dataset: string;
  name: string;
  createdAt: string;
  /** The tagged version of each table; null when the table did not exist yet. */
  versions: Record<SnapshotTable, number | null>;
  counts: { images: number; objects: number };
}

export interface SnapshotDiff {
  dataset: string;
  from: string;
  /** A snapshot's name, or "current". */
  to: string;
  added: { id: string; key: string }[];
  removed: { id: string; key: string }[];
  /** Images whose label changed. */
  relabelled: { id: string; key: string; from: string | null; to: string | null }[];
  /** Images with bytes that changed under the same key. */
  changed: { id: string; key: string }[];
  /** Per issue: images that have it in `to` and not in `from`, and the reverse. */
  issues: Record<string, { appeared: string[]; gone: string[] }>;
}

export interface RestoreResult {
  dataset: string;
  name: string;
  /** The snapshot taken first, so the restore itself can be undone. */
  undo: string;
  /** Per table: how it was restored (in place, or the dataset's rows rewritten) and how many rows it holds. */
  tables: Record<string, { mode: 'restore' | 'rewrite' | 'absent'; rows: number }>;
}
