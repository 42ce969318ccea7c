import type { Issue } from '../vocabulary/index.ts';

/** Numeric fields a range may name, by the table that holds them. */
export const IMAGE_RANGE_FIELDS = [
  'blur',
  'dark',
  'bright',
  'lowInformation',
  'oddSize',
  'oddAspectRatio',
  'grayscale',
  'width',
  'height',
  'size',
] as const;
export const CURATION_RANGE_FIELDS = [
  'uniqueness',
  'typicality',
  'mislabelConfidence',
  'outlierConfidence',
  'datasetOutlierConfidence',
  'duplicateScore',
  'nearestSimilarity',
  'representativeRank',
  // A box on the embedding map (its coordinates are in [0, 1]): the page's map selection.
  'mapX',
  'mapY',
] as const;
export type ImageRangeField = (typeof IMAGE_RANGE_FIELDS)[number];
export type CurationRangeField = (typeof CURATION_RANGE_FIELDS)[number];
export type RangeField = ImageRangeField | CurationRangeField;

/** Pixel counts and bytes are whole numbers; everything else is a confidence (or a cosine) in [0, 1]. */
export const COUNT_FIELDS: ReadonlySet<RangeField> = new Set([
  'width',
  'height',
  'size',
  'representativeRank',
]);

/** What the query syntax calls each range field (lower case; the stored name is accepted too). */
export const RANGE_ALIASES: Readonly<Record<string, RangeField>> = {
  blur: 'blur',
  dark: 'dark',
  bright: 'bright',
  lowinformation: 'lowInformation',
  oddsize: 'oddSize',
  oddaspectratio: 'oddAspectRatio',
  grayscale: 'grayscale',
  width: 'width',
  height: 'height',
  size: 'size',
  uniqueness: 'uniqueness',
  typicality: 'typicality',
  mislabel: 'mislabelConfidence',
  mislabelconfidence: 'mislabelConfidence',
  outlier: 'outlierConfidence',
  outlierconfidence: 'outlierConfidence',
  datasetoutlier: 'datasetOutlierConfidence',
  datasetoutlierconfidence: 'datasetOutlierConfidence',
  duplicate: 'duplicateScore',
  duplicatescore: 'duplicateScore',
  similarity: 'nearestSimilarity',
  nearestsimilarity: 'nearestSimilarity',
  rank: 'representativeRank',
  representativerank: 'representativeRank',
  mapx: 'mapX',
  mapy: 'mapY',
};

export const ISSUE_ALIASES: Readonly<Record<string, Issue>> = {
  blur: 'blur',
  blurry: 'blur',
  dark: 'dark',
  bright: 'bright',
  duplicate: 'duplicates',
  duplicates: 'duplicates',
  unique: 'uniques',
  uniques: 'uniques',
  mislabel: 'mislabels',
  mislabels: 'mislabels',
  mislabeled: 'mislabels',
  mislabelled: 'mislabels',
  outlier: 'outliers',
  outliers: 'outliers',
};

export const HAS_FIELDS = ['objects', 'caption', 'label', 'tags'] as const;
export type HasField = (typeof HAS_FIELDS)[number];

export const DUPLICATE_KINDS = ['exact', 'near', 'any', 'none'] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** Every qualifier, for help texts, errors and the page's completion. */
export const QUALIFIERS = [
  'label:',
  'tag:',
  'split:',
  'is:',
  'dup:',
  'has:',
  'key:',
  'cluster:',
  'keeper:',
  'threshold:',
  ...Object.keys(RANGE_ALIASES).filter((name) => !name.endsWith('confidence') && name !== 'duplicatescore'),
] as const;

/** The values a qualifier takes, where they are a fixed list (labels come from the dataset). */
export const QUALIFIER_VALUES: Readonly<Record<string, readonly string[]>> = {
  is: [...new Set(Object.values(ISSUE_ALIASES)), 'keeper'],
  dup: DUPLICATE_KINDS,
  has: HAS_FIELDS,
  keeper: ['true', 'false'],
  split: ['train', 'val', 'test'],
};
