import type { CurationRow, Filter, ImageRow } from '../../store/index.ts';
import { where } from '../../store/index.ts';
import type { Issue, ViewFilters } from '../schemas/filters.ts';
import type { ImageSortField, IssueHit } from '../schemas/images.ts';
import type { IssueDefaults } from './deps.ts';

/**
 * The read-time definition of each issue, the same as `viscura list` (shared/curate/results/issues.ts): cluster
 * keepers are never duplicates; uniques without a threshold are the run's select-uniques subset; an outlier is
 * the larger of the class and dataset outlier confidences.
 */
interface CurationIssue {
  filter(threshold: number | null): Filter;
  matches(row: CurationRow, threshold: number | null): boolean;
  confidence(row: CurationRow): number;
  sort: ImageSortField;
}

const outlierScore = (row: CurationRow) => Math.max(row.outlierConfidence, row.datasetOutlierConfidence);

export const CURATION_ISSUES: Record<'duplicates' | 'uniques' | 'mislabels' | 'outliers', CurationIssue> = {
  duplicates: {
    filter: (t) =>
      where.and(
        where.range('duplicateScore', { gte: t ?? 0 }),
        where.not(where.and(where.eq('representative', true), where.notNull('duplicateCluster'))),
      ),
    matches: (row, t) =>
      row.duplicateScore >= (t ?? 0) && !(row.representative && row.duplicateCluster !== null),
    confidence: (row) => row.duplicateScore,
    sort: 'duplicateScore',
  },
  uniques: {
    filter: (t) => (t === null ? where.eq('selected', true) : where.range('uniqueness', { gte: t })),
    matches: (row, t) => (t === null ? row.selected : row.uniqueness >= t),
    confidence: (row) => row.uniqueness,
    sort: 'uniqueness',
  },
  mislabels: {
    filter: (t) => where.range('mislabelConfidence', { gte: t ?? 0 }),
    matches: (row, t) => row.mislabelConfidence >= (t ?? 0),
    confidence: (row) => row.mislabelConfidence,
    sort: 'mislabelConfidence',
  },
  outliers: {
    filter: (t) =>
      where.or(
        where.range('outlierConfidence', { gte: t ?? 0 }),
        where.range('datasetOutlierConfidence', { gte: t ?? 0 }),
      ),
    matches: (row, t) => outlierScore(row) >= (t ?? 0),
    confidence: outlierScore,
    sort: 'outlierConfidence',
  },
};

export const QUALITY_ISSUES = ['blur', 'dark', 'bright'] as const;
type QualityIssue = (typeof QUALITY_ISSUES)[number];

export const isCurationIssue = (issue: Issue): issue is keyof typeof CURATION_ISSUES =>
  issue in CURATION_ISSUES;
export const isQualityIssue = (issue: Issue): issue is QualityIssue =>
  (QUALITY_ISSUES as readonly string[]).includes(issue);

/** The threshold an issue is judged at: the request's, else the configured one (uniques: none, the subset). */
export function thresholdOf(issue: Issue, given: number | undefined, defaults: IssueDefaults): number | null {
  if (given !== undefined) return given;
  return issue === 'uniques' ? null : defaults[issue];
}

/** Whether an image has the issue; curation issues need its curation row. */
export function hasIssue(
  issue: Issue,
  threshold: number | null,
  image: ImageRow,
  row: CurationRow | undefined,
): boolean {
  if (isQualityIssue(issue)) return image[issue] >= (threshold ?? 0);
  return row !== undefined && CURATION_ISSUES[issue].matches(row, threshold);
}

/** The problems an image has at the given thresholds (uniqueness is not a problem, so it is not listed). */
export function issuesOf(
  image: ImageRow,
  row: CurationRow | undefined,
  filters: Pick<ViewFilters, 'threshold'>,
  defaults: IssueDefaults,
): IssueHit[] {
  const hits: IssueHit[] = [];
  for (const issue of ['duplicates', 'mislabels', 'outliers', ...QUALITY_ISSUES] as const) {
    const threshold = thresholdOf(issue, filters.threshold, defaults);
    if (!hasIssue(issue, threshold, image, row)) continue;
    const confidence = isQualityIssue(issue)
      ? image[issue]
      : CURATION_ISSUES[issue].confidence(row as CurationRow);
    const hit: IssueHit = { type: issue, confidence: round(confidence) };
    if (issue === 'mislabels' && row?.suggestedLabel) hit.suggestedLabel = row.suggestedLabel;
    hits.push(hit);
  }
  return hits;
}

/** Scores are float32 in the store: six decimals say all they hold. */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
