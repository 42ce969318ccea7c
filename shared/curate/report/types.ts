import type { RunKind } from '../../store/index.ts';
import type { Issue } from '../results/issues.ts';

export const REPORT_VERSION = 1;

/** One picture in a gallery. `thumbnailKey` is the bucket key the HTML page inlines. */
export interface ReportItem {
  id: string;
  key: string;
  label: string | null;
  confidence: number;
  thumbnailKey: string;
  suggestedLabel?: string | null;
  /** Duplicates: how it matches its keeper ('exact-bytes', 'exact-pixels', 'near: resized, cropped'). */
  match?: string | null;
  /** Why it is listed (mislabels, outliers): who voted, and how far it lies from its class and the dataset. */
  evidence?: ReportEvidence;
}

export interface ReportEvidence {
  voters: { id: string; key: string | null; label: string; similarity: number }[];
  neighbourhood: { label: string; share: number }[];
  classOutlier?: { distance: number; classMedian: number; classQ3: number };
  datasetOutlier?: { distance: number; datasetMedian: number; datasetQ3: number };
}

/** The run's label health as the report shows it (RunLabelHealth without the per-class trust table). */
export interface ReportLabelHealth {
  message: string;
  separability: string;
  labelled: number;
  flagged: number;
  estimatedIssues: number;
  healthScore: number | null;
  classes: { label: string; size: number; share: number; flagged: number; issueShare: number }[];
  confusedPairs: { a: string; b: string; estimatedIssues: number }[];
  singletons: string[];
}

export interface DuplicateGroup {
  cluster: string;
  keeper: ReportItem;
  /** Why the keeper is kept (the keeper rule's deciding criterion, docs/curation.md). */
  keptBecause?: string | null;
  /** The members to drop, most similar first. */
  duplicates: ReportItem[];
}

export interface Gallery {
  issue: Issue;
  threshold: number | null;
  /** Subjects shown; the run's count says how many there are in all. */
  items: ReportItem[];
  /** Quality galleries: images the check could not judge (too small, ...), how many and the first few, with why. */
  unjudged?: { count: number; items: { id: string; key: string; reason: string }[] };
}

export interface VisualClusterSummary {
  level: number;
  clusters: { clusterId: number; size: number; preview: ReportItem[] }[];
}

export interface CurationReport {
  version: typeof REPORT_VERSION;
  dataset: string;
  generatedAt: string;
  run: {
    runId: string;
    kind: RunKind;
    startedAt: string;
    finishedAt: string | null;
    model: string;
    parameters: Record<string, unknown>;
    timings: Record<string, number>;
  };
  /** Incremental runs merged over the full run. */
  incrementalRuns: string[];
  previousRun: { runId: string; startedAt: string } | null;
  /** Images (and objects, prefixed `objects.`) per issue type, from the run; quality flags at today's thresholds. */
  counts: Record<string, number>;
  /** counts - the previous full run's counts, for the keys both have. */
  change: Record<string, number>;
  duplicates: DuplicateGroup[];
  galleries: Gallery[];
  visualClusters: VisualClusterSummary | null;
  /** Per-class label health of the run; null for runs that did not record one. */
  labelHealth?: ReportLabelHealth | null;
  /** Duplicate clusters across train/val/test (absent in reports written before splits were read). */
  leaks?: LeakSection;
  /** New matches of the saved views since their last check (absent when no view is saved). */
  views?: ViewSection[];
}

export interface LeakSection {
  counts: { clusters: number; pairs: number; toMove: number };
  splits: Record<string, number>;
  unsplit: number;
  notice: string | null;
  clusters: { cluster: string; home: string; keep: ReportItem; move: (ReportItem & { split: string })[] }[];
}

export interface ViewSection {
  name: string;
  query: string;
  /** Images matching now that did not at the previous check. */
  newMatches: number;
  items: ReportItem[];
}
