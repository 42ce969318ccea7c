export { type DuplicateOptions, duplicateOptionsSchema, findDuplicates } from './find.ts';
export { mirroredCandidates, type VectorMirror } from './flipped.ts';
export { completeLinkage, type UnitGroup } from './linkage.ts';
export {
  compareKeepers,
  DEFAULT_REPRESENTATIVE,
  keptBecause,
  pickRepresentative,
} from './representative.ts';
export { duplicateScore, EXACT_SIMILARITY } from './score.ts';
export { DATALAB_FACTOR, relativeThreshold } from './threshold.ts';
export { thumbnailVerifier } from './thumbnails.ts';
export { describeTransforms } from './transforms.ts';
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
export {
  findVerifiedDuplicates,
  type PairVerifier,
  type VerificationStats,
  type VerifiedOptions,
  verifiedOptionsSchema,
} from './verified.ts';
export {
  type PairVerdict,
  prepareForVerify,
  type VerifyImage,
  verifyImageFromBytes,
  verifyPair,
} from './verify/index.ts';

/**
 * Cosine at or above which the descriptor's kNN edges become candidate pairs for verification: looser than its
 * descriptor-only cut-off (0.90) so that 60% crops, rotations and letterboxes reach the verifier
 * (`npm run bench -- duplicates` prints the recall this buys).
 */
export const DESCRIPTOR_CANDIDATE_SIMILARITY = 0.7;
