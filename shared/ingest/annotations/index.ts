export { normaliseBoxes } from './boxes.ts';
export { imageKeysForSidecar, isAnnotationFile, normaliseKey } from './files.ts';
export { annotationForFile, loadAnnotations } from './load.ts';
export { emptyAnnotation } from './merge.ts';
export { defaultLimits } from './read.ts';
export type {
  AnnotatedObject,
  Annotation,
  AnnotationBox,
  AnnotationIndex,
  AnnotationLimits,
  AnnotationOptions,
  AnnotationProblem,
  FolderLabels,
  ResolvedAnnotation,
} from './types.ts';
