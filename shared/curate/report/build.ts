import type { Bucket, CurationStore, ImageRow, RunRow, Store } from '../../store/index.ts';
import { REPORT_GALLERIES } from '../../vocabulary/index.ts';
import { parseStoredEvidence } from '../labels/evidence.ts';
import { findLeaks } from '../leakage/index.ts';
import { type Issue, type IssueRow, type IssueThresholds, listIssue } from '../results/issues.ts';
import { runLabelHealth } from '../results/label-health.ts';
import { resultsView } from '../results/view.ts';
import {
  type CurationReport,
  type DuplicateGroup,
  type Gallery,
  type LeakSection,
  REPORT_VERSION,
  type ReportEvidence,
  type ReportItem,
  type ReportLabelHealth,
  type VisualClusterSummary,
} from './types.ts';

export interface ReportDeps {
  store: Store;
  curation: CurationStore;
  bucket: Bucket;
}

export interface ReportOptions {
  thresholds: IssueThresholds;
  /** Pictures per gallery (default 24) and duplicate clusters shown (default 12): the page stays small. */
  perGallery?: number;
  clusters?: number;
  now?: Date;
  /** Saved views' new matches, checked by the caller after the run (shared/views). */
  views?: { name: string; query: string; newMatches: number; ids: string[] }[];
}

const GALLERIES = REPORT_GALLERIES;
/** Classes (and singleton labels) the report's label-health table shows. */
const REPORT_CLASSES = 50;

/** The report of the latest full run (with the incremental runs since), or undefined when there is none. */
export async function buildReport(
  deps: ReportDeps,
  dataset: string,
  options: ReportOptions,
): Promise<CurationReport | undefined> {
  const view = await resultsView(deps.curation, dataset, 'image');
  const run = view.full;
  if (!run) return undefined;
  const perGallery = options.perGallery ?? 24;
  const previous = run.previousRunId ? await deps.curation.run(run.previousRunId) : undefined;
  const list = (issue: Issue, limit: number) =>
    listIssue(deps, dataset, { issue, limit }, options.thresholds);

  const items = new ItemResolver(deps.store, dataset);
  const duplicates = await duplicateGroups(await list('duplicates', 10_000), items, options.clusters ?? 12);
  // Why each keeper is kept: its own row (an incremental run's where one placed it, else the full run's).
  const keepers = duplicates.map((group) => group.cluster);
  const stored = new Map((await deps.curation.rowsFor(run.runId, keepers)).map((row) => [row.id, row]));
  for (const group of duplicates) {
    const row = view.overrides.get(group.cluster) ?? stored.get(group.cluster);
    group.keptBecause = row?.keptBecause ?? null;
  }
  const galleries: Gallery[] = [];
  for (const issue of GALLERIES) {
    const found = await list(issue, perGallery);
    const unjudged = found.unjudged?.count
      ? {
          count: found.unjudged.count,
          items: found.unjudged.rows.map(({ id, key, reason }) => ({ id, key, reason })),
        }
      : undefined;
    galleries.push({ issue, threshold: found.threshold, items: await items.resolve(found.rows), unjudged });
  }
  const counts = { ...run.counts, ...incrementalCounts(view.incremental) };
  return {
    version: REPORT_VERSION,
    dataset,
    generatedAt: (options.now ?? new Date()).toISOString(),
    run: {
      runId: run.runId,
      kind: run.kind,
      startedAt: iso(run.startedAt),
      finishedAt: run.finishedAt === null ? null : iso(run.finishedAt),
      model: run.model,
      parameters: run.parameters,
      timings: run.timings,
    },
    incrementalRuns: view.incremental.map((r) => r.runId),
    previousRun: previous ? { runId: previous.runId, startedAt: iso(previous.startedAt) } : null,
    counts,
    change: previous ? countChange(run.counts, previous.counts) : {},
    duplicates,
    galleries,
    visualClusters: await visualClusters(deps, run, items),
    labelHealth: reportLabelHealth(run),
    leaks: await leakSection(deps, dataset, items, options.clusters ?? 12),
    views: options.views
      ? await Promise.all(
          options.views.map(async (view) => ({
            name: view.name,
            query: view.query,
            newMatches: view.newMatches,
            items: await items.resolve(view.ids.slice(0, perGallery).map((id) => ({ id, confidence: 1 }))),
          })),
        )
      : undefined,
  };
}

function reportLabelHealth(run: RunRow): ReportLabelHealth | null {
  const health = runLabelHealth(run);
  if (!health) return null;
  return {
    message: health.message,
    separability: health.separability,
    labelled: health.labelled,
    flagged: health.flagged,
    estimatedIssues: health.estimatedIssues,
    healthScore: health.healthScore,
    classes: health.classes.slice(0, REPORT_CLASSES).map(({ label, size, share, flagged, issueShare }) => ({
      label,
      size,
      share,
      flagged,
      issueShare,
    })),
    confusedPairs: health.confusedPairs.map(({ a, b, estimatedIssues }) => ({ a, b, estimatedIssues })),
    singletons: health.singletons.slice(0, REPORT_CLASSES),
  };
}

async function leakSection(
  deps: ReportDeps,
  dataset: string,
  items: ItemResolver,
  limit: number,
): Promise<LeakSection> {
  const report = await findLeaks(deps, dataset, { limit });
  const clusters: LeakSection['clusters'] = [];
  for (const cluster of report.clusters) {
    const [keep] = await items.resolve([{ id: cluster.keep.id, confidence: cluster.confidence }]);
    const moving = cluster.members.filter((member) => member.action === 'move');
    const resolved = await items.resolve(moving.map((m) => ({ id: m.id, confidence: m.duplicateScore })));
    if (!keep) continue;
    const move = resolved.map((item) => ({
      ...item,
      split: moving.find((m) => m.id === item.id)?.split ?? '',
    }));
    clusters.push({ cluster: cluster.cluster, home: cluster.home, keep, move });
  }
  const { counts, splits, unsplit, notice } = report;
  return { counts, splits, unsplit, notice, clusters };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function incrementalCounts(runs: RunRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const run of runs) {
    for (const [issue, n] of Object.entries(run.counts))
      out[`since.${issue}`] = (out[`since.${issue}`] ?? 0) + n;
  }
  return out;
}

export function countChange(
  now: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> {
  const change: Record<string, number> = {};
  for (const [issue, n] of Object.entries(now)) if (issue in before) change[issue] = n - before[issue];
  return change;
}

/** Duplicates grouped under their keeper (the cluster id is the keeper's id), largest groups first. */
async function duplicateGroups(
  found: { rows: IssueRow[] },
  items: ItemResolver,
  limit: number,
): Promise<DuplicateGroup[]> {
  const byCluster = new Map<string, IssueRow[]>();
  for (const row of found.rows) {
    if (!row.cluster) continue;
    const members = byCluster.get(row.cluster) ?? [];
    members.push(row);
    byCluster.set(row.cluster, members);
  }
  const top = [...byCluster.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, limit);
  const groups: DuplicateGroup[] = [];
  for (const [cluster, members] of top) {
    const [keeper] = await items.resolve([{ id: cluster, confidence: 1 }]);
    if (!keeper) continue;
    const duplicates = await items.resolve(members);
    for (const item of duplicates) item.match = members.find((m) => m.id === item.id)?.match ?? null;
    groups.push({ cluster, keeper, keptBecause: null, duplicates });
  }
  return groups;
}

async function visualClusters(
  deps: ReportDeps,
  run: RunRow,
  items: ItemResolver,
): Promise<VisualClusterSummary | null> {
  // The coarsest level that says something: one cluster of everything does not.
  for (let level = 0; level < 5; level++) {
    const clusters = await deps.curation.clusters(run.runId, level, { limit: 12 });
    if (clusters.length < 2) continue;
    const out: VisualClusterSummary = { level, clusters: [] };
    for (const cluster of clusters) {
      const preview = await items.resolve(
        cluster.preview.slice(0, 6).map((id) => ({ id, confidence: cluster.size })),
      );
      out.clusters.push({ clusterId: cluster.clusterId, size: cluster.size, preview });
    }
    return out;
  }
  return null;
}

/** Image rows looked up once each; subjects whose image is gone are dropped. */
class ItemResolver {
  readonly #rows = new Map<string, ImageRow | null>();
  constructor(
    private readonly store: Store,
    private readonly dataset: string,
  ) {}

  async resolve(
    subjects: readonly (Pick<IssueRow, 'confidence'> & {
      id: string;
      imageId?: string;
      suggestedLabel?: string | null;
      labelEvidence?: string | null;
    })[],
  ): Promise<ReportItem[]> {
    const evidence = subjects.map((s) => parseStoredEvidence(s.labelEvidence));
    const voters = evidence.flatMap((e) => e?.voters.map((v) => v.id) ?? []);
    const wanted = [...subjects.map((s) => s.imageId ?? s.id), ...voters].filter((id) => !this.#rows.has(id));
    for (const id of wanted) this.#rows.set(id, null);
    for (const row of await this.store.images.getMany(this.dataset, [...new Set(wanted)]))
      this.#rows.set(row.id, row);
    const out: ReportItem[] = [];
    for (const [at, subject] of subjects.entries()) {
      const image = this.#rows.get(subject.imageId ?? subject.id);
      if (!image) continue;
      const item: ReportItem = {
        id: subject.id,
        key: image.key,
        label: image.label,
        confidence: round(subject.confidence),
        thumbnailKey: image.thumbnailKey,
      };
      if (subject.suggestedLabel !== undefined) item.suggestedLabel = subject.suggestedLabel;
      const found = evidence[at];
      if (found) item.evidence = this.#evidence(found);
      out.push(item);
    }
    return out;
  }

  #evidence(stored: NonNullable<ReturnType<typeof parseStoredEvidence>>): ReportEvidence {
    const out: ReportEvidence = {
      voters: stored.voters.map((v) => ({
        id: v.id,
        key: this.#rows.get(v.id)?.key ?? null,
        label: v.label,
        similarity: round(v.similarity),
      })),
      neighbourhood: stored.neighbourhood.map((s) => ({ label: s.label, share: round(s.share) })),
    };
    if (stored.classOutlier)
      out.classOutlier = roundAll(stored.classOutlier, ['distance', 'classMedian', 'classQ3']);
    if (stored.datasetOutlier)
      out.datasetOutlier = roundAll(stored.datasetOutlier, ['distance', 'datasetMedian', 'datasetQ3']);
    return out;
  }
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

function roundAll<T extends Record<string, number>, K extends keyof T>(values: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, round(values[key])])) as Pick<T, K>;
}
