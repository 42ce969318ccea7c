export { emptyAnnotation } from './annotations/index.ts';
export {
  type FolderIngestOptions,
  type FolderIngestSummary,
  ingestFolder,
  type SuppliedVectorsSummary,
} from './folder.ts';
export {
  type IngestContext,
  type IngestProgress,
  type IngestSummary,
  ingestItems,
  thumbnailKey,
} from './pipeline.ts';
export { fileItem, type IngestItem } from './source.ts';
export {
  bucketSidecars,
  imageKeyOfVectorSidecar,
  isVectorFile,
  type VectorSupply,
  vectorSidecarKey,
} from './vectors/index.ts';
export { type FolderWatcher, type WatchOptions, watchFolder } from './watch.ts';
