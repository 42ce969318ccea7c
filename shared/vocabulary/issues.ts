/**
 * The curation vocabulary: every issue a subject can have, where its confidence is read, how it is judged, its
 * default threshold and the words people see. The store, the passes' readers, the API, the export, the report and
 * the page derive from this table; adding an issue kind starts here (docs/curation.md, "Adding an issue kind").
 * No imports: the page bundles this file as it is.
 */

/** Keys of `config.thresholds` that an issue's default threshold comes from. */
export type ThresholdKey = 'duplicate' | 'mislabel' | 'outlier' | 'blur' | 'dark' | 'bright';

/** Fields an issue listing carries besides the confidence (shared/curate/results). */
export type IssueEvidence = 'cluster' | 'suggestedLabel' | 'labelEvidence';

export interface IssueWords {
  /** The page's filter checkbox. */
  filter: string;
  /** The page's overview count. */
  count: string;
  /** The report's gallery heading. */
  report: string;
}

export interface IssueSpec {
  /** 'curation': scores of the latest run's rows; 'quality': the image's own quality scores (images only). */
  source: 'curation' | 'quality';
  /** Columns whose largest value is the confidence; listings read them in this order. */
  scores: readonly string[];
  /** Its default threshold; null: without a threshold the issue is the subset flagged by `subset`. */
  threshold: ThresholdKey | null;
  subset?: 'selected';
  /** Cluster keepers are never listed: keeping them is the point. */
  exceptKeepers?: boolean;
  /** A problem badged on a card (uniqueness is not a problem); problems have a confidence slider. */
  problem: boolean;
  evidence: readonly IssueEvidence[];
  words: IssueWords;
}

/** In the order listings, badges and filter panels show them. */
export const ISSUE_SPECS = {
  duplicates: {
    source: 'curation',
    scores: ['duplicateScore'],
    threshold: 'duplicate',
    exceptKeepers: true,
    problem: true,
    evidence: ['cluster'],
    words: { filter: 'Duplicates', count: 'Duplicates (to drop)', report: 'Duplicates' },
  },
  uniques: {
    source: 'curation',
    scores: ['uniqueness'],
    threshold: null,
    subset: 'selected',
    problem: false,
    evidence: [],
    words: {
      filter: 'Select uniques (the run’s subset)',
      count: 'Selected uniques',
      report: 'Unique images',
    },
  },
  mislabels: {
    source: 'curation',
    scores: ['mislabelConfidence'],
    threshold: 'mislabel',
    problem: true,
    evidence: ['suggestedLabel', 'labelEvidence'],
    words: {
      filter: 'Mislabels (with suggested labels)',
      count: 'Likely mislabels',
      report: 'Possible mislabels',
    },
  },
  outliers: {
    source: 'curation',
    // The larger of the class and the dataset outlier confidence.
    scores: ['outlierConfidence', 'datasetOutlierConfidence'],
    threshold: 'outlier',
    problem: true,
    evidence: ['labelEvidence'],
    words: { filter: 'Class outliers', count: 'Outliers', report: 'Outliers' },
  },
  blur: {
    source: 'quality',
    scores: ['blur'],
    threshold: 'blur',
    problem: true,
    evidence: [],
    words: { filter: 'Blurry', count: 'Blurry', report: 'Blurry' },
  },
  dark: {
    source: 'quality',
    scores: ['dark'],
    threshold: 'dark',
    problem: true,
    evidence: [],
    words: { filter: 'Too dark', count: 'Too dark', report: 'Too dark' },
  },
  bright: {
    source: 'quality',
    scores: ['bright'],
    threshold: 'bright',
    problem: true,
    evidence: [],
    words: { filter: 'Over-exposed', count: 'Over-exposed', report: 'Too bright' },
  },
} as const satisfies Record<string, IssueSpec>;

export type Issue = keyof typeof ISSUE_SPECS;
export const ISSUES = Object.keys(ISSUE_SPECS) as unknown as readonly [Issue, ...Issue[]];

type SourceOf<S extends IssueSpec['source']> = {
  [I in Issue]: (typeof ISSUE_SPECS)[I]['source'] extends S ? I : never;
}[Issue];
export type CurationIssue = SourceOf<'curation'>;
export type QualityIssue = SourceOf<'quality'>;
/** Issues with a default threshold (all but uniques, which is a subset without one). */
export type ThresholdIssue = {
  [I in Issue]: (typeof ISSUE_SPECS)[I]['threshold'] extends null ? never : I;
}[Issue];
/** Problems: what a card badges and what a confidence slider sets. */
export type ProblemIssue = {
  [I in Issue]: (typeof ISSUE_SPECS)[I]['problem'] extends true ? I : never;
}[Issue];

const issuesWhere = <I extends Issue>(keep: (spec: IssueSpec) => boolean) =>
  ISSUES.filter((issue) => keep(ISSUE_SPECS[issue])) as I[];

export const CURATION_ISSUE_NAMES: readonly CurationIssue[] = issuesWhere((s) => s.source === 'curation');
export const QUALITY_ISSUES: readonly QualityIssue[] = issuesWhere((s) => s.source === 'quality');
export const PROBLEM_ISSUES: readonly ProblemIssue[] = issuesWhere((s) => s.problem);

export const isCurationIssue = (issue: Issue): issue is CurationIssue =>
  ISSUE_SPECS[issue].source === 'curation';
export const isQualityIssue = (issue: Issue): issue is QualityIssue =>
  ISSUE_SPECS[issue].source === 'quality';

/** The report's galleries, in the order it shows them (duplicates have their own section). */
export const REPORT_GALLERIES: readonly Issue[] = [
  'mislabels',
  'outliers',
  'uniques',
  'blur',
  'dark',
  'bright',
];

/** What `viscura list --issue` accepts: the issues above and leaks (duplicates across train/val/test splits). */
export const LISTABLE = [...ISSUES, 'leaks'] as const;

/** The configured default threshold of each issue that has one. */
export type IssueDefaults = Record<ThresholdIssue, number>;
/** Default threshold per issue; `uniques` none by default (the run's select-uniques subset). */
export type IssueThresholds = IssueDefaults & { uniques?: number };

/** The configured default of each issue, from `config.thresholds`. */
export function issueThresholds(config: {
  thresholds: Readonly<Record<ThresholdKey, number>>;
}): IssueThresholds {
  const out: Partial<Record<ThresholdIssue, number>> = {};
  for (const issue of ISSUES) {
    const key = ISSUE_SPECS[issue].threshold;
    if (key !== null) out[issue as ThresholdIssue] = config.thresholds[key];
  }
  return out as IssueThresholds;
}
