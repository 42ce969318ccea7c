export { QuerySyntaxError } from './errors.ts';
export {
  COUNT_FIELDS,
  CURATION_RANGE_FIELDS,
  type CurationRangeField,
  DUPLICATE_KINDS,
  type DuplicateKind,
  HAS_FIELDS,
  type HasField,
  IMAGE_RANGE_FIELDS,
  type ImageRangeField,
  QUALIFIER_VALUES,
  QUALIFIERS,
  type RangeField,
} from './fields.ts';
export type { ScoreRange, ViewFilters } from './filters.ts';
export { formatQueryConditions } from './format.ts';
export { mergeFilters } from './merge.ts';
export { emptyFilters, type ParsedQuery, parseQuery } from './parse.ts';
export { type Token, tokenize } from './tokens.ts';
