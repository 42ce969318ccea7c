export { vectorStep } from './attach.ts';
export { imageKeyOfVectorSidecar, isVectorFile, ROOT_VECTOR_FILES, vectorSidecarKey } from './names.ts';
export { bucketSidecars, folderSidecars } from './sidecar.ts';
export {
  type FolderVectorOptions,
  type FolderVectors,
  missingVectors,
  openFolderVectors,
  sidecarSupply,
  unmatchedKeys,
} from './supply.ts';
export type { VectorFileProblem, VectorSupply } from './types.ts';
