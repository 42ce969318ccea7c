export { CATALOG_DIR, readCatalog, readManifestFile } from './catalog.ts';
export { downloadFile, UnreachableError } from './download.ts';
export { sha256File } from './hash.ts';
export {
  type FileState,
  listModels,
  MANIFEST_FILE,
  type ModelEntry,
  type ModelListing,
  type ModelState,
  modelDir,
  requireInstalled,
} from './installed.ts';
export { type ModelFile, type ModelManifest, manifestSchema, parseManifest } from './manifest.ts';
export { type PulledFile, type PullOptions, type PullResult, pullModel } from './pull.ts';
export { type RemoveResult, removeModel } from './remove.ts';
export { type FileCheck, type FileReport, type VerifyReport, verifyModel } from './verify.ts';
