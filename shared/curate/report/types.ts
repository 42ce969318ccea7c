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
}

export interface DuplicateGroup {
  cluster: string;
  keeper: ReportItem;
  /** The members to drop, most similar first. */
  duplicates: ReportItem[];
}

export interface Gallery {
  issue: Issue;
  threshold: number | null;
  /** Subjects shown; the run's count says how many there are in all. */
  items: ReportItem[];
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
}
