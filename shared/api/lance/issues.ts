import { CURATION_ISSUES } from '../../curate/results/predicates.ts';
import type { CurationRow, ImageRow } from '../../store/index.ts';
import {
  ISSUE_SPECS,
  type Issue,
  isCurationIssue,
  isQualityIssue,
  PROBLEM_ISSUES,
  type ThresholdIssue,
} from '../../vocabulary/index.ts';
import type { ViewFilters } from '../schemas/filters.ts';
import type { IssueHit } from '../schemas/images.ts';
import type { IssueDefaults } from './deps.ts';

/** The same issues as `viscura list`: one definition, from the vocabulary (shared/curate/results/predicates.ts). */
export { CURATION_ISSUES, isCurationIssue, isQualityIssue };

/** The threshold an issue is judged at: the request's, else the configured one (uniques: none, the subset). */
export function thresholdOf(issue: Issue, given: number | undefined, defaults: IssueDefaults): number | null {
  if (given !== undefined) return given;
  return ISSUE_SPECS[issue].threshold === null ? null : defaults[issue as ThresholdIssue];
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
  for (const issue of PROBLEM_ISSUES) {
    const threshold = thresholdOf(issue, filters.threshold, defaults);
    if (!hasIssue(issue, threshold, image, row)) continue;
    const confidence = isQualityIssue(issue)
      ? image[issue]
      : CURATION_ISSUES[issue].confidence(row as CurationRow);
    const hit: IssueHit = { type: issue, confidence: round(confidence) };
    const evidence: readonly string[] = ISSUE_SPECS[issue].evidence;
    if (evidence.includes('suggestedLabel') && row?.suggestedLabel) hit.suggestedLabel = row.suggestedLabel;
    hits.push(hit);
  }
  return hits;
}

/** Scores are float32 in the store: six decimals say all they hold. */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
