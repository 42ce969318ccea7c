import type { CurationRow, VisualClusterRow } from '../../store/index.ts';
import { dominantLabels } from '../clusters/index.ts';
import type { DuplicateMember } from '../duplicates/index.ts';
import { suggestionsOf } from '../labels/index.ts';
import { storedEvidence } from './evidence.ts';
import type { PassResults } from './passes.ts';
import type { PassSettings } from './settings.ts';
import type { Subjects } from './subjects.ts';

/** Curation rows of one subject set, in batches of `size` (rows are built lazily: n objects never coexist). */
export function* curationRows(
  runId: string,
  dataset: string,
  subjects: Subjects,
  results: PassResults,
  settings: PassSettings,
  size = 10_000,
): Generator<CurationRow[]> {
  const { duplicates, mislabels, classOutliers, datasetOutliers, visual, map } = results;
  const selected = new Uint8Array(subjects.count);
  for (const row of results.selection.rows) selected[row] = 1;
  const memberOf = new Map<number, DuplicateMember>();
  for (const cluster of duplicates.clusters) for (const m of cluster.members) memberOf.set(m.index, m);
  let batch: CurationRow[] = [];
  for (let i = 0; i < subjects.count; i++) {
    const cluster = duplicates.clusterOf[i];
    const nearest = duplicates.nearest[i];
    const similarity = duplicates.nearestSimilarity[i];
    batch.push({
      runId,
      dataset,
      kind: subjects.kind,
      id: subjects.ids[i],
      imageId: subjects.imageIds[i],
      key: subjects.keys[i],
      label: subjects.labels[i],
      // A cluster is named after its keeper, so the id says at once which member to keep.
      duplicateCluster: cluster >= 0 ? subjects.ids[duplicates.clusters[cluster].representative] : null,
      representative: duplicates.drop[i] === 0,
      duplicateScore: duplicates.score[i],
      exactDuplicate: results.exact[i] === 1,
      nearestId: nearest >= 0 ? subjects.ids[nearest] : null,
      nearestSimilarity: Number.isFinite(similarity) ? Math.max(-1, Math.min(1, similarity)) : -1,
      uniqueness: results.uniqueness[i],
      selected: selected[i] === 1,
      mislabelConfidence: mislabels.confidence[i],
      // A suggestion is shown only when it is confident itself, not merely the best of a weak vote.
      suggestedLabel:
        mislabels.suggestedConfidence[i] >= settings.mislabelThreshold
          ? (suggestionsOf(mislabels, i)[0]?.label ?? null)
          : null,
      outlierConfidence: classOutliers.confidence[i],
      datasetOutlierConfidence: datasetOutliers.confidence[i],
      typicality: results.typicality[i],
      representativeRank: results.representativeRanks[i],
      visualClusters: visual ? visual.levels.map((level) => level.assignment[i]) : [],
      labelEvidence: storedEvidence(subjects, results, settings, i),
      keptBecause: cluster >= 0 ? duplicates.clusters[cluster].keptBecause : null,
      duplicateMatch: cluster >= 0 ? matchWords(memberOf.get(i)) : null,
      mapX: map ? map.x[i] : -1,
      mapY: map ? map.y[i] : -1,
      mapRank: map ? map.rank[i] : -1,
    });
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The words the API, the report and the page use for how a member matches its keeper (docs/curation.md). */
export function matchWords(member: DuplicateMember | undefined): string | null {
  if (!member) return null;
  if (member.match === 'representative') return 'keeper';
  if (member.match === 'sha256') return 'exact-bytes';
  if (member.match === 'pixels') return 'exact-pixels';
  return member.transforms && member.transforms.length > 0 ? `near: ${member.transforms.join(', ')}` : 'near';
}

export function visualClusterRows(
  runId: string,
  dataset: string,
  subjects: Subjects,
  results: PassResults,
): VisualClusterRow[] {
  return (results.visual?.levels ?? []).flatMap((level) => {
    const labels = dominantLabels(level.assignment, subjects.labels, level.clusters.length);
    return level.clusters.map((cluster) => ({
      runId,
      dataset,
      level: level.level,
      clusterId: cluster.id,
      size: cluster.size,
      preview: cluster.preview.map((row) => subjects.ids[row]),
      labels: labels[cluster.id],
    }));
  });
}

/** Subjects per issue type (never graph edges), at the run's thresholds; object counts are prefixed `objects.`. */
export function issueCounts(
  subjects: Subjects,
  results: PassResults | undefined,
  settings: PassSettings,
): Record<string, number> {
  const prefix = subjects.kind === 'image' ? '' : 'objects.';
  const counts: Record<string, number> = {
    [subjects.kind === 'image' ? 'images' : 'objects']: subjects.count,
  };
  if (!results) return counts;
  const atLeast = (scores: Float32Array, t: number) => scores.reduce((n, s) => n + (s >= t ? 1 : 0), 0);
  const { duplicates } = results;
  let exactDrops = 0;
  let outliers = 0;
  for (let i = 0; i < subjects.count; i++) {
    if (duplicates.drop[i] && results.exact[i]) exactDrops++;
    const isOutlier =
      results.classOutliers.confidence[i] >= settings.outlierThreshold ||
      results.datasetOutliers.confidence[i] >= settings.outlierThreshold;
    if (isOutlier) outliers++;
  }
  Object.assign(counts, {
    [`${prefix}duplicates`]: duplicates.counts.drop,
    [`${prefix}exactDuplicates`]: exactDrops,
    [`${prefix}duplicateClusters`]: duplicates.counts.clusters,
    [`${prefix}uniques`]: results.selection.rows.length,
    [`${prefix}mislabels`]: atLeast(results.mislabels.confidence, settings.mislabelThreshold),
    [`${prefix}outliers`]: outliers,
    [`${prefix}classOutliers`]: atLeast(results.classOutliers.confidence, settings.outlierThreshold),
    [`${prefix}datasetOutliers`]: atLeast(results.datasetOutliers.confidence, settings.outlierThreshold),
  });
  for (const level of results.visual?.levels ?? [])
    counts[`visualClusters.level${level.level}`] = level.clusters.length;
  return counts;
}
