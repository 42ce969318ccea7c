import { plural } from './counts.ts';

/** The words of the visual clusters view: levels, counts and what a cluster shows, from its dominant labels. */

/** A label's place in a cluster (the API's ClusterLabel; `label: null` counts the unlabelled members). */
export interface LabelShare {
  label: string | null;
  count: number;
  share: number;
}

const labelName = (label: string | null): string => label ?? 'unlabelled';
const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** "level 0 (coarse)", "level 2", "level 4 (fine)": the ends of the range say which way they go. */
export function levelWords(level: number, finest = 4): string {
  if (level === 0) return 'level 0 (coarse)';
  if (level === finest) return `level ${level} (fine)`;
  return `level ${level}`;
}

/** "12 clusters at level 2"; "1 cluster at level 0". */
export function clusterCountWords(total: number, level: number): string {
  return `${plural(total, 'cluster')} at level ${level}`;
}

/** "cat 58% · dog 25% · unlabelled 17%". */
export function labelShareWords(labels: readonly LabelShare[]): string {
  return labels.map((entry) => `${labelName(entry.label)} ${percent(entry.share)}`).join(' · ');
}

/**
 * What a cluster shows: its label where most members carry it ("cat"), else its two most common ("cat / dog");
 * without labels (a run that did not keep them) its number.
 */
export function visualClusterName(cluster: { id: number; labels: readonly LabelShare[] | null }): string {
  const [first, second] = cluster.labels ?? [];
  if (!first) return `cluster ${cluster.id}`;
  if (first.share >= 0.5 || !second) return labelName(first.label);
  return `${labelName(first.label)} / ${labelName(second.label)}`;
}

/** The cluster as a filter or a query names it: "cat · level 2 · 12 images". */
export function visualClusterTitle(cluster: {
  id: number;
  level: number;
  size: number;
  labels: readonly LabelShare[] | null;
}): string {
  return `${visualClusterName(cluster)} · level ${cluster.level} · ${plural(cluster.size, 'image')}`;
}
