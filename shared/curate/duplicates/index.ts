export { type DuplicateOptions, duplicateOptionsSchema, findDuplicates } from './find.ts';
export { completeLinkage, type UnitGroup } from './linkage.ts';
export {
  compareKeepers,
  DEFAULT_REPRESENTATIVE,
  keptBecause,
  pickRepresentative,
} from './representative.ts';
export { duplicateScore, EXACT_SIMILARITY } from './score.ts';
export { DATALAB_FACTOR, relativeThreshold } from './threshold.ts';
export type {
  DuplicateCluster,
  DuplicateImage,
  DuplicateMatch,
  DuplicateMember,
  DuplicateResult,
  KeptBecause,
  RepresentativeCriterion,
} from './types.ts';
export { exactUnits } from './units.ts';
