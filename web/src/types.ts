/**
 * The shapes the page reads from the API, derived from the zod schemas that validate and document it
 * (shared/api/schemas): `import type` only, so the page ships no zod and cannot drift from the API.
 */
import type { z } from 'zod';
import type { ClusterPage, DuplicateCluster, Run, VisualCluster } from '../../shared/api/schemas/curation.ts';
import type { DatasetSummary } from '../../shared/api/schemas/datasets.ts';
import type { ScoreDistributions } from '../../shared/api/schemas/distributions.ts';
import type {
  CurationScores,
  ImageDetail,
  ImagePage,
  ImageSummary,
  IssueHit,
  ObjectSummary,
  QualityScoresOut,
} from '../../shared/api/schemas/images.ts';
import type { LabelEvidenceAnswer, LabelHealthAnswer } from '../../shared/api/schemas/labels.ts';
import type { snapshotSchema, viewSchema } from '../../shared/api/schemas/manage.ts';
import type { SearchHit, SearchResult } from '../../shared/api/schemas/search.ts';
import type { leakReportSchema } from '../../shared/api/schemas/workflows.ts';

export type {
  ClusterPage,
  DatasetSummary,
  DuplicateCluster,
  ImageDetail,
  ImagePage,
  ImageSummary,
  IssueHit,
  ObjectSummary,
  Run,
  ScoreDistributions,
  SearchHit,
  SearchResult,
  VisualCluster,
};
export type Quality = QualityScoresOut;
export type Curation = CurationScores;
export type Box = ObjectSummary['box'];
export type LabelEvidence = LabelEvidenceAnswer;
export type LabelHealth = LabelHealthAnswer;
export type ClusterMember = DuplicateCluster['members'][number];
export type LeakReport = z.output<typeof leakReportSchema>;
export type Snapshot = z.output<typeof snapshotSchema>;
export type SavedView = z.output<typeof viewSchema>;
