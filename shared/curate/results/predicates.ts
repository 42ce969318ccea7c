import { type CurationColumn, type CurationRow, type Filter, where } from '../../store/index.ts';
import {
  CURATION_ISSUE_NAMES,
  type CurationIssue,
  ISSUE_SPECS,
  type IssueSpec,
} from '../../vocabulary/index.ts';

/** The read-time definition of a curation issue, built from its entry in the vocabulary. */
export interface IssuePredicate {
  /** The stored rows that have it (pushed down to LanceDB). */
  filter(threshold: number | null): Filter;
  /** The same test on a row in memory (incremental rows merged over the full run). */
  matches(row: CurationRow, threshold: number | null): boolean;
  confidence(row: CurationRow): number;
  /** Each column the stored rows are read in order of (several when the confidence is a maximum). */
  order: CurationColumn[];
}

const isKeeper = (row: CurationRow) => row.representative && row.duplicateCluster !== null;
const notKeeper = () =>
  where.not(where.and(where.eq('representative', true), where.notNull('duplicateCluster')));

/**
 * Cluster keepers are never listed as duplicates; without a threshold an issue with a subset is that subset
 * (uniques: the run's select-uniques); a confidence over several scores is the largest of them.
 */
function predicate(spec: IssueSpec): IssuePredicate {
  const order = spec.scores as CurationColumn[];
  const confidence = (row: CurationRow) =>
    Math.max(...order.map((column) => row[column as keyof CurationRow] as number));
  const subset = spec.subset;
  return {
    filter(t) {
      if (t === null && subset) return where.eq(subset, true);
      const ranges = order.map((column) => where.range(column, { gte: t ?? 0 }));
      const scored = ranges.length === 1 ? ranges[0] : where.or(...ranges);
      return spec.exceptKeepers ? where.and(scored, notKeeper()) : scored;
    },
    matches(row, t) {
      if (t === null && subset) return row[subset];
      return confidence(row) >= (t ?? 0) && !(spec.exceptKeepers && isKeeper(row));
    },
    confidence,
    order,
  };
}

export const CURATION_ISSUES = Object.fromEntries(
  CURATION_ISSUE_NAMES.map((issue) => [issue, predicate(ISSUE_SPECS[issue])]),
) as Record<CurationIssue, IssuePredicate>;
