/** The shapes the page reads from the API (a subset of shared/api/schemas; the page ships no zod). */

export interface Quality {
  blur: number;
  dark: number;
  bright: number;
  lowInformation: number;
  oddSize: number;
  oddAspectRatio: number;
  grayscale: number;
}

export interface Curation {
  runId: string;
  duplicateCluster: string | null;
  representative: boolean;
  duplicateScore: number;
  exactDuplicate: boolean;
  /** 'exact-bytes', 'exact-pixels', 'near: resized, cropped', 'keeper'; null outside clusters. */
  duplicateMatch?: string | null;
  keptBecause?: string | null;
  nearestId: string | null;
  nearestSimilarity: number;
  uniqueness: number;
  selected: boolean;
  mislabelConfidence: number;
  suggestedLabel: string | null;
  outlierConfidence: number;
  datasetOutlierConfidence: number;
  visualClusters: number[];
}

export interface IssueHit {
  type: string;
  confidence: number;
  suggestedLabel?: string;
}

export interface ImageSummary {
  id: string;
  key: string;
  label: string | null;
  caption: string | null;
  tags: string[];
  width: number;
  height: number;
  format: string;
  size: number;
  ingestedAt: string;
  quality: Quality;
  curation: Curation | null;
  issues: IssueHit[];
  thumbnailUrl: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ObjectSummary {
  id: string;
  imageId: string;
  key: string;
  label: string | null;
  box: Box;
  curation: Curation | null;
}

export interface ImageDetail extends ImageSummary {
  sha256: string;
  model: string;
  originalUrl: string;
  objects: ObjectSummary[];
  duplicates: {
    cluster: string;
    members: {
      id: string;
      key: string;
      representative: boolean;
      duplicateScore: number;
      exactDuplicate: boolean;
      duplicateMatch?: string | null;
      keptBecause?: string | null;
    }[];
  } | null;
  neighbours: { id: string; key: string; score: number }[];
  labelEvidence?: LabelEvidence | null;
}

/** Why the label checks scored an image so (GET /images/{id}: labelEvidence). */
export interface LabelEvidence {
  voters: { id: string; key: string | null; label: string; similarity: number; weight: number }[];
  neighbourhood: { label: string; share: number }[];
  trust: number;
  classOutlier?: { distance: number; classMedian: number; classQ3: number; z: number };
  datasetOutlier?: { distance: number; datasetMedian: number; datasetQ3: number; z: number };
}

/** GET /labels/health: how far the labels can be checked, and where the issues are. */
export interface LabelHealth {
  runId: string;
  check: { separability: string; message: string; accuracy: number; chance: number; trust: number };
  outliers?: { contrast: number; judged: number; message: string };
  labelled: number;
  flagged: number;
  estimatedIssues: number;
  healthScore: number | null;
  classes: { label: string; size: number; share: number; flagged: number; issueShare: number }[];
  confusedPairs: { a: string; b: string; estimatedIssues: number }[];
  singletons: string[];
}

export interface ImagePage {
  items: ImageSummary[];
  nextCursor: string | null;
  runId: string | null;
}

export interface SearchHit {
  id: string;
  key: string;
  score: number;
  semanticScore: number | null;
  textScore: number | null;
  image?: ImageSummary;
  object?: ObjectSummary;
}

export interface SearchResult {
  mode: string;
  semantic: boolean;
  notice: string | null;
  hits: SearchHit[];
}

export interface Run {
  runId: string;
  kind: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  model: string;
  counts: Record<string, number>;
}

export interface DatasetSummary {
  name: string;
  model: string | null;
  images: number;
  objects: number;
  failures: number;
  labels: Record<string, number>;
  unlabeled: number;
  quality: Record<string, number>;
  thresholds: Record<string, number>;
  issues: Record<string, number>;
  lastRun: Run | null;
}

export interface ClusterMember {
  id: string;
  key: string;
  thumbnailUrl: string;
  representative: boolean;
  duplicateScore: number;
  exactDuplicate: boolean;
  duplicateMatch?: string | null;
  keptBecause?: string | null;
}

export interface DuplicateCluster {
  id: string;
  size: number;
  representative: { id: string; key: string; thumbnailUrl: string };
  members: ClusterMember[];
}

export interface ClusterPage {
  items: DuplicateCluster[];
  nextCursor: string | null;
}

export interface LeakReport {
  splits: Record<string, number>;
  unsplit: number;
  clusters: {
    cluster: string;
    home: string;
    keep: { id: string; key: string };
    members: {
      id: string;
      key: string;
      split: string | null;
      action: 'keep' | 'move' | 'none';
      to: string | null;
    }[];
    confidence: number;
  }[];
  counts: { clusters: number; pairs: number; toMove: number };
  notice: string | null;
}

export interface Snapshot {
  name: string;
  createdAt: string;
  counts: { images: number; objects: number };
}

export interface SavedView {
  name: string;
  query: string;
  webhook: { url: string } | null;
}
