import { type LabelEvidence, labelEvidence } from '../labels/index.ts';
import type { PassResults } from './passes.ts';
import type { PassSettings } from './settings.ts';
import type { Subjects } from './subjects.ts';

/** Rows with a label confidence below this carry no evidence: it keeps a million-row run small. */
export const EVIDENCE_FLOOR = 0.25;

/** The evidence of row i as stored (JSON with ids instead of graph rows), or null below the floor. */
export function storedEvidence(
  subjects: Subjects,
  results: PassResults,
  settings: PassSettings,
  i: number,
): string | null {
  const { mislabels, classOutliers, datasetOutliers } = results;
  const top = Math.max(mislabels.confidence[i], classOutliers.confidence[i], datasetOutliers.confidence[i]);
  if (!(top >= EVIDENCE_FLOOR)) return null;
  const evidence = labelEvidence(
    {
      graph: results.graph,
      labels: subjects.labels,
      mislabels,
      classOutliers,
      datasetOutliers,
      duplicateGroups: results.duplicates.clusterOf,
      k: settings.k,
    },
    i,
  );
  return evidenceJson(evidence, subjects.ids);
}

/** Evidence as stored: voters named by id (graph rows mean nothing outside the run), numbers rounded. */
export function evidenceJson(evidence: LabelEvidence, ids: readonly string[]): string {
  const { voters, ...rest } = evidence;
  return JSON.stringify({
    ...rest,
    voters: voters.map((v) => ({
      id: ids[v.row],
      label: v.label,
      similarity: round(v.similarity),
      weight: round(v.weight),
    })),
    neighbourhood: rest.neighbourhood.map((s) => ({ label: s.label, share: round(s.share) })),
    trust: round(rest.trust),
  });
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
