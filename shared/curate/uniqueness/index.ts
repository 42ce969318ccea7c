export {
  HALF_UNIQUE_SIMILARITY,
  SAME_PICTURE_SIMILARITY,
  type UniquenessOptions,
  uniqueness,
  uniquenessFromSimilarity,
} from './score.ts';
export {
  type Selection,
  type SelectOptions,
  type SelectTarget,
  selectTargetSchema,
  selectUniques,
} from './select.ts';
