import type { Embedder } from '../../embed/types.ts';
import type { Logger } from '../../log/index.ts';
import type { Bucket, CurationStore, Store } from '../../store/index.ts';

/** Default confidence thresholds per issue (the config's); `uniques` has none: the select-uniques subset. */
export interface IssueDefaults {
  duplicates: number;
  mislabels: number;
  outliers: number;
  blur: number;
  dark: number;
  bright: number;
}

/** What the Node (and Lambda) query port runs on. */
export interface NodeQueryDeps {
  store: Store;
  curation: CurationStore;
  /** Thumbnails and reports. */
  bucket: Bucket;
  /**
   * Where a dataset's originals live under their keys (the inbox folder in embedded mode, the bucket in the
   * cloud); undefined where they are not reachable (a folder ingested once from elsewhere).
   */
  originals(dataset: string): Bucket | undefined;
  /** Loaded on first use: searches that need no model never load one. */
  embedder(): Promise<Embedder>;
  thresholds: IssueDefaults;
  /** Upload limits, checked from the header before any pixel is decoded. */
  upload: { maxBytes: number; maxPixels: number };
  log: Logger;
  version: string;
}
