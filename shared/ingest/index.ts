export { emptyAnnotation } from './annotations/index.ts';
export { type FolderIngestOptions, type FolderIngestSummary, ingestFolder } from './folder.ts';
export {
  type IngestContext,
  type IngestProgress,
  type IngestSummary,
  ingestItems,
  thumbnailKey,
} from './pipeline.ts';
export { fileItem, type IngestItem } from './source.ts';
export { type FolderWatcher, type WatchOptions, watchFolder } from './watch.ts';
