import { type Filter, where } from '../../store/index.ts';
import type { Issue, ViewFilters } from '../schemas/filters.ts';
import { CURATION_SORT_FIELDS, type ImageSort, type ImageSortField } from '../schemas/images.ts';
import type { IssueDefaults } from './deps.ts';
import { CURATION_ISSUES, hasIssue, isCurationIssue, isQualityIssue, thresholdOf } from './issues.ts';
import {
  imagePushdownComplete,
  queryCurationPushdown,
  queryImagePushdown,
  queryMatches,
  queryReadsCuration,
  readsImages,
} from './query-plan.ts';
import type { ViewRow } from './view.ts';

/**
 * How a view is read. LanceDB cannot join, so one table drives (the one holding the sort column) and takes every
 * condition it can answer; the full predicate then runs on each joined row in memory. When the driver answers
 * everything (`exact`), each stored row read is a match and a page is one query.
 */
export interface ViewPlan {
  driver: 'images' | 'curation';
  order: { column: ImageSortField; ascending: boolean };
  /** Conditions the driving table answers (its own columns only). */
  pushdown: Filter | undefined;
  exact: boolean;
  /** Whether any condition or the order reads curation results. */
  needsCuration: boolean;
  matches(view: ViewRow): boolean;
}

export function planView(
  filters: ViewFilters,
  sort: ImageSort | undefined,
  defaults: IssueDefaults,
): ViewPlan {
  const order = resolveSort(filters, sort);
  const qualityIssues = filters.issues.filter(isQualityIssue);
  const curationOnly = readsCuration(filters);
  const imageOnly =
    qualityIssues.length > 0 || filters.labels.length > 0 || filters.tags.length > 0 || readsImages(filters);
  const needsCuration = curationOnly || CURATION_SORT_FIELDS.has(order.column);
  // The curation table holds keys too, so a key order can be read there when curation conditions narrow the view.
  const driver =
    CURATION_SORT_FIELDS.has(order.column) || (curationOnly && order.column === 'key')
      ? 'curation'
      : 'images';
  const pushdown =
    driver === 'images' ? imagePushdown(filters, defaults) : curationPushdown(filters, defaults);
  const exact = driver === 'images' ? !curationOnly && imagePushdownComplete(filters) : !imageOnly;
  return { driver, order, pushdown, exact, needsCuration, matches: viewPredicate(filters, defaults) };
}

/** The conditions the images table answers itself: labels, tags, key prefix, quality issues (when all are). */
export function imagePushdown(filters: ViewFilters, defaults: IssueDefaults): Filter | undefined {
  const quality = filters.issues.length > 0 && filters.issues.every(isQualityIssue);
  const filter = where.and(
    filters.labels.length > 0 ? where.in('label', filters.labels) : undefined,
    ...filters.tags.map((tag) => where.has('tags', tag)),
    filters.prefix === undefined ? undefined : where.prefix('key', filters.prefix),
    queryImagePushdown(filters),
    quality
      ? where.or(
          ...filters.issues.map((issue) =>
            where.range(issue, { gte: thresholdOf(issue, filters.threshold, defaults) ?? 0 }),
          ),
        )
      : undefined,
  );
  return filter.op === 'and' && filter.filters.length === 0 ? undefined : filter;
}

/**
 * The conditions the curation table answers: key prefix (a key never changes for an id), curation issues (when
 * all are), uniqueness, clusters, keepers. Labels stay out: a run's copy of a label may be older than the image's.
 */
function curationPushdown(filters: ViewFilters, defaults: IssueDefaults): Filter | undefined {
  const issues = filters.issues.length > 0 && filters.issues.every(isCurationIssue);
  const filter = where.and(
    filters.prefix === undefined ? undefined : where.prefix('key', filters.prefix),
    issues
      ? where.or(
          ...filters.issues
            .filter(isCurationIssue)
            .map((issue) => CURATION_ISSUES[issue].filter(thresholdOf(issue, filters.threshold, defaults))),
        )
      : undefined,
    filters.uniqueness === undefined
      ? undefined
      : where.range('uniqueness', { gte: filters.uniqueness.min, lte: filters.uniqueness.max }),
    filters.cluster === undefined ? undefined : where.eq('duplicateCluster', filters.cluster),
    filters.visualCluster === undefined
      ? undefined
      : where.eq(`cluster${filters.visualCluster.level}`, filters.visualCluster.id),
    filters.representative === undefined ? undefined : where.eq('representative', filters.representative),
    queryCurationPushdown(filters),
  );
  return filter.op === 'and' && filter.filters.length === 0 ? undefined : filter;
}

/** Whether the view has conditions only curation results answer. */
export function readsCuration(filters: ViewFilters): boolean {
  return (
    queryReadsCuration(filters) ||
    filters.issues.some(isCurationIssue) ||
    filters.uniqueness !== undefined ||
    filters.cluster !== undefined ||
    filters.visualCluster !== undefined ||
    filters.representative !== undefined
  );
}

/** The full condition on a joined row: what every read path must agree on. */
export function viewPredicate(filters: ViewFilters, defaults: IssueDefaults): (view: ViewRow) => boolean {
  const threshold = (issue: Issue) => thresholdOf(issue, filters.threshold, defaults);
  return ({ image, row }) => {
    if (
      filters.issues.length > 0 &&
      !filters.issues.some((issue) => hasIssue(issue, threshold(issue), image, row))
    )
      return false;
    if (filters.labels.length > 0 && (image.label === null || !filters.labels.includes(image.label)))
      return false;
    if (!filters.tags.every((tag) => image.tags.includes(tag))) return false;
    if (filters.prefix !== undefined && !image.key.startsWith(filters.prefix)) return false;
    if (filters.uniqueness) {
      const { min, max } = filters.uniqueness;
      if (!row || (min !== undefined && row.uniqueness < min) || (max !== undefined && row.uniqueness > max))
        return false;
    }
    if (filters.cluster !== undefined && row?.duplicateCluster !== filters.cluster) return false;
    if (
      filters.visualCluster &&
      row?.visualClusters[filters.visualCluster.level] !== filters.visualCluster.id
    )
      return false;
    if (filters.representative !== undefined && row?.representative !== filters.representative) return false;
    return queryMatches(filters, image, row);
  };
}

/** Asked-for order, else the one issue's confidence (most confident first), else by key. */
export function resolveSort(filters: ViewFilters, sort: ImageSort | undefined): ViewPlan['order'] {
  if (sort !== undefined) {
    const descending = sort.startsWith('-');
    return { column: (descending ? sort.slice(1) : sort) as ImageSortField, ascending: !descending };
  }
  if (filters.issues.length === 1) {
    const [issue] = filters.issues;
    return {
      column: isCurationIssue(issue) ? (CURATION_ISSUES[issue].order[0] as ImageSortField) : issue,
      ascending: false,
    };
  }
  return { column: 'key', ascending: true };
}
