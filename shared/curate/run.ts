import { randomBytes } from 'node:crypto';
import type { ResolvedConfig } from '../config/index.ts';
import type { Embedder } from '../embed/types.ts';
import type { Logger } from '../log/index.ts';
import type { Bucket, CurationStore, RunRow, Store, SubjectKind } from '../store/index.ts';
import { QUALITY_COLUMNS } from '../store/index.ts';
import { thumbnailVerifier } from './duplicates/index.ts';
import { zeroShotAlignment } from './engine/alignment.ts';
import { type PassResults, runPasses } from './engine/passes.ts';
import { curationRows, issueCounts, visualClusterRows } from './engine/rows.ts';
import { type PassSettings, passSettings, runParameters } from './engine/settings.ts';
import { loadSubjects, type Subjects } from './engine/subjects.ts';
import type { KnnBuild, KnnOptions, VectorSource } from './knn/index.ts';

export interface CurationDeps {
  store: Store;
  curation: CurationStore;
  bucket: Bucket;
  log: Logger;
  config: ResolvedConfig;
  /** The active embedder: with a text tower (and the stored vectors' model) it adds zero-shot label alignment. */
  embedder?: Embedder;
  /** Builds the kNN graph instead of `buildKnnGraph` (the cloud fans large graphs out to shard functions). */
  knn?: (
    source: VectorSource,
    options: KnnOptions,
    context: { runId: string; kind: SubjectKind },
  ) => Promise<KnnBuild>;
  /**
   * The saved views' check (shared/views), run after the run and before its report, which lists the new matches.
   * Injected: curation does not know about webhooks.
   */
  checkViews?: (dataset: string, trigger: string) => Promise<ViewChange[]>;
}

/** What the report shows of a saved view after a run. */
export interface ViewChange {
  name: string;
  query: string;
  newMatches: number;
  ids: string[];
}

export interface CurationOptions {
  dataset: string;
  kind: 'full';
}

/** Sortable by start time, readable in a report: run-20261125T030000Z-1a2b3c. */
export function newRunId(startedAt: number): string {
  const stamp = new Date(startedAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * A full curation pass over a dataset: images, then objects, each through every pass, written as one versioned
 * run. The run row is marked finished only after all its rows are written, so readers never see half a run;
 * a failure marks it failed and rethrows.
 */
export async function runCuration(deps: CurationDeps, options: CurationOptions): Promise<RunRow> {
  const { store, curation, log, config } = deps;
  const { dataset } = options;
  const stored = (await store.model())?.id;
  const model = stored ?? 'none';
  const settings = passSettings(config, stored);
  const startedAt = Date.now();
  const runId = newRunId(startedAt);
  const previous = await curation.latestRun(dataset, 'full');
  await curation.startRun({
    runId,
    dataset,
    kind: 'full',
    startedAt,
    model,
    previousRunId: previous?.runId ?? null,
    parameters: runParameters(settings, config),
    counts: {},
    timings: {},
  });
  const timings: Record<string, number> = {};
  const counts: Record<string, number> = {};
  const parameters: Record<string, unknown> = {};
  const log1 = log.child({ runId, dataset });
  log1.info('curation run started', { model });
  try {
    let images: Subjects | undefined;
    for (const kind of ['image', 'object'] as const) {
      const run = { runId, dataset, kind, model, settings, timings, log: log1 };
      const result = await curateSubjects(deps, run, images);
      images = result.subjects;
      Object.assign(counts, result.counts);
      parameters[kind === 'image' ? 'images' : 'objects'] = result.parameters;
    }
    const stats = await store.images.stats(dataset, config.thresholds);
    for (const issue of QUALITY_COLUMNS) counts[issue] = stats.quality[issue];
    timings.total = Date.now() - startedAt;
    await curation.finishRun(runId, { status: 'finished', counts, timings, parameters });
  } catch (error) {
    timings.total = Date.now() - startedAt;
    await curation
      .finishRun(runId, { status: 'failed', counts, timings, parameters })
      .catch((cause) => log1.error('could not mark the run failed', { error: String(cause) }));
    throw error;
  }
  log1.info('curation run finished', { counts, ms: timings.total });
  return (await curation.run(runId)) as RunRow;
}

interface SubjectRun {
  runId: string;
  dataset: string;
  kind: SubjectKind;
  model: string;
  settings: PassSettings;
  timings: Record<string, number>;
  log: Logger;
}

async function curateSubjects(
  deps: CurationDeps,
  run: SubjectRun,
  images: Subjects | undefined,
): Promise<{ subjects: Subjects; counts: Record<string, number>; parameters: Record<string, unknown> }> {
  const prefix = run.kind === 'image' ? '' : 'objects.';
  let started = performance.now();
  const subjects = await loadSubjects(deps.store, run.dataset, run.kind, images);
  run.timings[`${prefix}load`] = Math.round(performance.now() - started);
  let results: PassResults | undefined;
  if (subjects.count > 0) {
    const { knn } = deps;
    const alignment =
      run.kind === 'image' ? await zeroShotAlignment(deps.embedder, run.model, subjects, run.log) : undefined;
    results = await runPasses(subjects, run.settings, {
      alignment,
      visual: run.kind === 'image',
      log: run.log,
      timings: run.timings,
      prefix,
      knn: knn && ((source, options) => knn(source, options, { runId: run.runId, kind: run.kind })),
      verifier: run.kind === 'image' ? thumbnailVerifier(deps.bucket, subjects.thumbnailKey) : undefined,
    });
    started = performance.now();
    for (const batch of curationRows(run.runId, run.dataset, subjects, results, run.settings))
      await deps.curation.writeRows(batch);
    await deps.curation.writeClusters(visualClusterRows(run.runId, run.dataset, subjects, results));
    run.timings[`${prefix}write`] = Math.round(performance.now() - started);
  }
  return {
    subjects,
    counts: issueCounts(subjects, results, run.settings),
    parameters: results?.parameters ?? {},
  };
}
