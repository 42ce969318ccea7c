import { errorMessage } from '../errors/index.ts';
import type { RunRow } from '../store/index.ts';
import { issueThresholds } from '../vocabulary/index.ts';
import { buildReport } from './report/build.ts';
import { type WrittenReport, writeReport } from './report/write.ts';
import { type CurationDeps, type CurationOptions, runCuration, type ViewChange } from './run.ts';

export interface CurateResult {
  run: RunRow;
  /** Undefined when the dataset has no images. */
  report: WrittenReport | undefined;
  /** Runs deleted because they fell out of `curate.keepRuns`. */
  pruned: string[];
  /** Saved views checked after the run (empty when none are saved). */
  views: ViewChange[];
}

/**
 * What the schedule and `viscura curate` do: a full run, then its report in the bucket, then the old runs
 * pruned and the tables compacted. Housekeeping failures are logged; they do not undo the run.
 */
export async function curateDataset(deps: CurationDeps, options: CurationOptions): Promise<CurateResult> {
  const run = await runCuration(deps, options);
  const views = await checkViews(deps, options.dataset);
  let report: WrittenReport | undefined;
  if ((run.counts.images ?? 0) > 0) {
    const built = await buildReport(deps, options.dataset, {
      thresholds: issueThresholds(deps.config),
      perGallery: deps.config.curate.reportItems,
      views: views?.filter((view) => view.newMatches > 0),
    });
    if (built) report = await writeReport(deps.bucket, built);
  }
  let pruned: string[] = [];
  try {
    pruned = await deps.curation.prune(options.dataset, deps.config.curate.keepRuns);
    await deps.curation.optimize();
    // Ingest appends a fragment per batch (per invocation in the cloud): the nightly run compacts them.
    await deps.store.optimize();
  } catch (error) {
    deps.log.warn('curation housekeeping failed', { error: errorMessage(error) });
  }
  return { run, report, pruned, views: views ?? [] };
}

/** A failing view check (a store hiccup, a receiver down) is logged: the run and its report stand. */
async function checkViews(deps: CurationDeps, dataset: string): Promise<ViewChange[] | undefined> {
  if (!deps.checkViews) return undefined;
  try {
    return await deps.checkViews(dataset, 'curate');
  } catch (error) {
    deps.log.error('saved views check failed', { dataset, error: errorMessage(error) });
    return undefined;
  }
}
