import type { Embedder } from '../../embed/types.ts';
import type { Logger } from '../../log/index.ts';
import type { Bucket, CurationStore, Store } from '../../store/index.ts';
import type { IssueDefaults } from '../../vocabulary/index.ts';
import type { ManageDeps } from './manage.ts';

export type { IssueDefaults };

/** What the Node (and Lambda) query port runs on. */
export interface LanceQueryDeps {
  store: Store;
  curation: CurationStore;
  /** Thumbnails and reports. */
  bucket: Bucket;
  /**
   * Where a dataset's originals may live under their keys: the folders it was ingested from in embedded mode,
   * the bucket in the cloud; none where they are not reachable. Each file is checked against the stored hash.
   */
  originals(dataset: string): readonly Bucket[];
  /** Loaded on first use: searches that need no model never load one. */
  embedder(): Promise<Embedder>;
  thresholds: IssueDefaults;
  /** Upload limits, checked from the header before any pixel is decoded. */
  upload: { maxBytes: number; maxPixels: number };
  log: Logger;
  version: string;
  /** Saved views and snapshots (absent: those routes answer 501). */
  manage?: ManageDeps;
}
