import type { Issue } from '../vocabulary/index.ts';
import type { DuplicateKind, HasField, RangeField } from './fields.ts';

/** The filters of a view, after parsing: the same whether they came from a query string or a JSON body. */
export interface ViewFilters {
  /** Any of these issues (at `threshold`). */
  issues: Issue[];
  /** undefined: each issue's configured threshold (uniques: the run's select-uniques subset). */
  threshold?: number;
  uniqueness?: { min?: number; max?: number };
  /** Any of these labels. */
  labels: string[];
  /** Every one of these tags. */
  tags: string[];
  prefix?: string;
  /** A duplicate cluster id. */
  cluster?: string;
  visualCluster?: { level: number; id: number };
  representative?: boolean;
  // The rest come from the query syntax (shared/query), where every one of them can be written.
  /** None of these labels. */
  notLabels?: string[];
  /** None of these tags. */
  notTags?: string[];
  /** Any of these splits (train, val, test: stored as the `split:<name>` tag). */
  splits?: string[];
  notSplits?: string[];
  /** Fields the image must have (objects: at least one labelled box) or lack. */
  has?: HasField[];
  lacks?: HasField[];
  /** Every one of these ranges on a numeric field. */
  ranges?: ScoreRange[];
  /** exact: same bytes or pixels as another image; near: a near duplicate that is not exact; any; none. */
  duplicate?: DuplicateKind;
  /** Filled in by the reader, not by users: the images `has:objects` resolved to. */
  imageIds?: { in: ReadonlySet<string> } | { notIn: ReadonlySet<string> };
}

export interface ScoreRange {
  field: RangeField;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}
