import { z } from 'zod';
import type { ClassOutlierScores } from './class-outliers.ts';
import type { DatasetOutlierScores } from './dataset-outliers.ts';
import type { MislabelScores } from './mislabels.ts';
import type { LabelShare } from './suggestions.ts';
import type { KnnGraph } from './types.ts';

/** A labelled neighbour that voted: its graph row, label, cosine and share of the vote. */
export interface Voter {
  row: number;
  label: string;
  similarity: number;
  weight: number;
}

/** Why an image was scored as it was: what a person needs to judge the flag without re-running anything. */
export interface LabelEvidence {
  voters: Voter[];
  /** The vote's shares per label, largest first (the given label after its small-class ceiling is not applied). */
  neighbourhood: LabelShare[];
  /** The trust that bounded the mislabel confidence (see calibration.ts). */
  trust: number;
  /** Distance to the class centroid against the class's median and Q3 (cosine distances). */
  classOutlier?: { distance: number; classMedian: number; classQ3: number; z: number };
  /** Mean distance to the nearest neighbours against the dataset's median and Q3. */
  datasetOutlier?: { distance: number; datasetMedian: number; datasetQ3: number; z: number };
}

export interface EvidenceInputs {
  graph: KnnGraph;
  labels: ReadonlyArray<string | null>;
  mislabels: MislabelScores;
  /** Absent in an incremental run: outliers wait for the full run. */
  classOutliers?: ClassOutlierScores;
  datasetOutliers?: DatasetOutlierScores;
  duplicateGroups?: Int32Array;
  k: number;
}

/**
 * Evidence of row i, read from the graph the vote read: the same voters (self, unlabelled neighbours and
 * same-label copies left out) with the vote's weights.
 */
export function labelEvidence(input: EvidenceInputs, i: number): LabelEvidence {
  const { graph, labels, mislabels } = input;
  const k = Math.min(input.k, graph.k);
  const group = input.duplicateGroups?.[i] ?? -1;
  const voters: Voter[] = [];
  let top = Number.NaN;
  for (let r = 0; r < k; r++) {
    const at = i * graph.k + r;
    const j = graph.neighbors[at];
    const label = j >= 0 ? labels[j] : null;
    if (j < 0 || j === i || !label) continue;
    if (group >= 0 && input.duplicateGroups?.[j] === group && label === labels[i]) continue;
    const similarity = graph.similarities[at];
    if (Number.isNaN(top)) top = similarity;
    voters.push({ row: j, label, similarity, weight: Math.exp((similarity - top) / mislabels.temperature) });
  }
  const total = voters.reduce((sum, v) => sum + v.weight, 0);
  const shares = new Map<string, number>();
  for (const v of voters) shares.set(v.label, (shares.get(v.label) ?? 0) + v.weight / total);
  const evidence: LabelEvidence = {
    voters,
    neighbourhood: [...shares.entries()]
      .map(([label, share]) => ({ label, share }))
      .sort((a, b) => b.share - a.share),
    trust: mislabels.trust[i],
  };
  const co = input.classOutliers;
  const spread = co?.classSpread[co.classOf[i]];
  if (co && spread && co.skip[i] === 0) {
    evidence.classOutlier = {
      distance: 1 - co.centroidTypicality[i],
      classMedian: Math.exp(spread.median),
      classQ3: Math.exp(spread.q3),
      z: co.z[i],
    };
  }
  const dso = input.datasetOutliers;
  if (dso && dso.skip[i] === 0) {
    evidence.datasetOutlier = {
      distance: dso.distance[i],
      datasetMedian: dso.spread.median,
      datasetQ3: dso.spread.q3,
      z: dso.z[i],
    };
  }
  return evidence;
}

const outlierEvidence = z.object({ distance: z.number(), z: z.number() });

/** The stored form (engine/evidence.ts writes it): voters by id. Parsed at every read: the column is text. */
export const storedEvidenceSchema = z.object({
  voters: z.array(
    z.object({ id: z.string(), label: z.string(), similarity: z.number(), weight: z.number() }),
  ),
  neighbourhood: z.array(z.object({ label: z.string(), share: z.number() })),
  trust: z.number(),
  classOutlier: outlierEvidence.extend({ classMedian: z.number(), classQ3: z.number() }).optional(),
  datasetOutlier: outlierEvidence.extend({ datasetMedian: z.number(), datasetQ3: z.number() }).optional(),
});
export type StoredEvidence = z.output<typeof storedEvidenceSchema>;

/** undefined for rows without evidence, or with text that is not what this version writes. */
export function parseStoredEvidence(text: string | null | undefined): StoredEvidence | undefined {
  if (!text) return undefined;
  try {
    const parsed = storedEvidenceSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
