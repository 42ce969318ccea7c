export {
  DEFAULT_SPLIT_OPTIONS,
  fileNameSplit,
  folderSplit,
  resolveSplitTags,
  type SplitOptions,
} from './detect.ts';
export { CANONICAL_SPLITS, evaluationRank, normaliseSplit, splitAlias } from './names.ts';
export { isSplitTag, SPLIT_TAG_PREFIX, splitOf, splitTag, userTags } from './tags.ts';
