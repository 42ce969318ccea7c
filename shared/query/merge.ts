import { VisibleError } from '../errors/index.ts';
import type { ViewFilters } from './filters.ts';

/**
 * Both sets of conditions at once (a query's and the request's own parameters): lists are joined, single
 * values must agree, since "key:a/ with prefix=b/" has no sensible reading other than both.
 */
export function mergeFilters(a: ViewFilters, b: ViewFilters): ViewFilters {
  const list = <T>(x: T[] | undefined, y: T[] | undefined) => [...new Set([...(x ?? []), ...(y ?? [])])];
  return {
    issues: list(a.issues, b.issues),
    labels: list(a.labels, b.labels),
    tags: list(a.tags, b.tags),
    threshold: one('threshold', a.threshold, b.threshold),
    uniqueness: one('uniqueness', a.uniqueness, b.uniqueness),
    prefix: one('prefix', a.prefix, b.prefix),
    cluster: one('cluster', a.cluster, b.cluster),
    visualCluster: one('visualCluster', a.visualCluster, b.visualCluster),
    representative: one('representative', a.representative, b.representative),
    notLabels: list(a.notLabels, b.notLabels),
    notTags: list(a.notTags, b.notTags),
    splits: list(a.splits, b.splits),
    notSplits: list(a.notSplits, b.notSplits),
    has: list(a.has, b.has),
    lacks: list(a.lacks, b.lacks),
    ranges: [...(a.ranges ?? []), ...(b.ranges ?? [])],
    duplicate: one('duplicate', a.duplicate, b.duplicate),
    imageIds: one('imageIds', a.imageIds, b.imageIds),
  };
}

function one<T>(name: string, a: T | undefined, b: T | undefined): T | undefined {
  if (a === undefined) return b;
  if (b === undefined || JSON.stringify(a) === JSON.stringify(b)) return a;
  throw new MergeConflict(name);
}

class MergeConflict extends VisibleError {
  constructor(name: string) {
    super(
      `The query and the request both set "${name}", to different values: give it once.`,
      'invalid_query',
    );
  }
}
