import {
  CURATION_RANGE_FIELDS,
  type CurationRangeField,
  type HasField,
  type ImageRangeField,
} from '../../query/index.ts';
import { isSplitTag, splitTag } from '../../splits/index.ts';
import { type CurationRow, type Filter, type ImageRow, where } from '../../store/index.ts';
import type { ScoreRange, ViewFilters } from '../schemas/filters.ts';

/**
 * The conditions the query syntax adds to a view (negated labels and tags, splits, ranges, has:, dup:), as store
 * filters for each table and as the in-memory predicate every read path agrees on.
 */
const isCurationRange = (range: ScoreRange): range is ScoreRange & { field: CurationRangeField } =>
  (CURATION_RANGE_FIELDS as readonly string[]).includes(range.field);

/** An `in` list longer than this is checked in memory rather than sent to LanceDB. */
const MAX_ID_PUSHDOWN = 1_000;

export function readsImages(filters: ViewFilters): boolean {
  return (
    (filters.notLabels?.length ?? 0) > 0 ||
    (filters.notTags?.length ?? 0) > 0 ||
    (filters.splits?.length ?? 0) > 0 ||
    (filters.notSplits?.length ?? 0) > 0 ||
    (filters.has?.length ?? 0) > 0 ||
    (filters.lacks?.length ?? 0) > 0 ||
    filters.imageIds !== undefined ||
    (filters.ranges ?? []).some((range) => !isCurationRange(range))
  );
}

export function queryReadsCuration(filters: ViewFilters): boolean {
  return filters.duplicate !== undefined || (filters.ranges ?? []).some(isCurationRange);
}

export function queryImagePushdown(filters: ViewFilters): Filter | undefined {
  const parts: (Filter | undefined)[] = [];
  // An image without a label has none of the excluded labels: SQL's NOT IN would drop it.
  if (filters.notLabels?.length)
    parts.push(where.or(where.isNull('label'), where.not(where.in('label', filters.notLabels))));
  for (const tag of filters.notTags ?? []) parts.push(where.not(where.has('tags', tag)));
  if (filters.splits?.length)
    parts.push(where.or(...filters.splits.map((split) => where.has('tags', splitTag(split)))));
  for (const split of filters.notSplits ?? []) parts.push(where.not(where.has('tags', splitTag(split))));
  for (const field of filters.has ?? []) parts.push(hasPushdown(field, true));
  for (const field of filters.lacks ?? []) parts.push(hasPushdown(field, false));
  if (filters.imageIds && 'in' in filters.imageIds && filters.imageIds.in.size <= MAX_ID_PUSHDOWN)
    parts.push(where.in('id', [...filters.imageIds.in]));
  for (const range of filters.ranges ?? [])
    if (!isCurationRange(range)) parts.push(where.range(range.field, bounds(range)));
  const present = parts.filter((part): part is Filter => part !== undefined);
  return present.length === 0 ? undefined : where.and(...present);
}

/** Whether the images table answers every image condition itself (so each row read is a match). */
export function imagePushdownComplete(filters: ViewFilters): boolean {
  const inMemory = (field: HasField) => field === 'tags' || field === 'objects';
  if ([...(filters.has ?? []), ...(filters.lacks ?? [])].some(inMemory)) {
    const ids = filters.imageIds;
    // has:objects alone, with a short id list pushed down, is still exact.
    const pushed = ids !== undefined && 'in' in ids && ids.in.size <= MAX_ID_PUSHDOWN;
    const onlyObjects = [...(filters.has ?? []), ...(filters.lacks ?? [])].every(
      (field) => field !== 'tags' && (field !== 'objects' || pushed),
    );
    return onlyObjects;
  }
  return true;
}

function hasPushdown(field: HasField, present: boolean): Filter | undefined {
  if (field === 'label' || field === 'caption') return present ? where.notNull(field) : where.isNull(field);
  return undefined;
}

export function queryCurationPushdown(filters: ViewFilters): Filter | undefined {
  const parts: (Filter | undefined)[] = [duplicatePushdown(filters.duplicate)];
  for (const range of filters.ranges ?? [])
    if (isCurationRange(range)) parts.push(where.range(range.field, bounds(range)));
  const present = parts.filter((part): part is Filter => part !== undefined);
  return present.length === 0 ? undefined : where.and(...present);
}

function duplicatePushdown(kind: ViewFilters['duplicate']): Filter | undefined {
  switch (kind) {
    case 'exact':
      return where.eq('exactDuplicate', true);
    case 'near':
      return where.and(where.notNull('duplicateCluster'), where.eq('exactDuplicate', false));
    case 'any':
      return where.notNull('duplicateCluster');
    case 'none':
      return where.isNull('duplicateCluster');
    default:
      return undefined;
  }
}

/** The query syntax's conditions on one joined row. */
export function queryMatches(filters: ViewFilters, image: ImageRow, row: CurationRow | undefined): boolean {
  if (filters.notLabels?.length && image.label !== null && filters.notLabels.includes(image.label))
    return false;
  if (filters.notTags?.some((tag) => image.tags.includes(tag))) return false;
  if (filters.splits?.length && !filters.splits.some((split) => image.tags.includes(splitTag(split))))
    return false;
  if (filters.notSplits?.some((split) => image.tags.includes(splitTag(split)))) return false;
  for (const field of filters.has ?? []) if (!has(field, image, filters)) return false;
  for (const field of filters.lacks ?? []) if (has(field, image, filters)) return false;
  if (filters.imageIds) {
    const inSet = 'in' in filters.imageIds ? filters.imageIds.in : filters.imageIds.notIn;
    if (inSet.has(image.id) !== 'in' in filters.imageIds) return false;
  }
  for (const range of filters.ranges ?? []) {
    const value = isCurationRange(range) ? row?.[range.field] : image[range.field as ImageRangeField];
    if (typeof value !== 'number' || !inRange(value, range)) return false;
  }
  if (filters.duplicate !== undefined && !duplicateMatches(filters.duplicate, row)) return false;
  return true;
}

function has(field: HasField, image: ImageRow, filters: ViewFilters): boolean {
  if (field === 'label') return image.label !== null;
  if (field === 'caption') return image.caption !== null;
  if (field === 'tags') return image.tags.some((tag) => !isSplitTag(tag));
  // Objects are resolved to an id set before planning (resolveObjects).
  const ids = filters.imageIds;
  if (!ids) return false;
  return 'in' in ids ? ids.in.has(image.id) : !ids.notIn.has(image.id);
}

function duplicateMatches(
  kind: NonNullable<ViewFilters['duplicate']>,
  row: CurationRow | undefined,
): boolean {
  if (!row) return kind === 'none';
  if (kind === 'exact') return row.exactDuplicate;
  if (kind === 'near') return row.duplicateCluster !== null && !row.exactDuplicate;
  if (kind === 'any') return row.duplicateCluster !== null;
  return row.duplicateCluster === null;
}

function bounds(range: ScoreRange) {
  return { gt: range.gt, gte: range.gte, lt: range.lt, lte: range.lte };
}

function inRange(value: number, range: ScoreRange): boolean {
  return (
    (range.gt === undefined || value > range.gt) &&
    (range.gte === undefined || value >= range.gte) &&
    (range.lt === undefined || value < range.lt) &&
    (range.lte === undefined || value <= range.lte)
  );
}
