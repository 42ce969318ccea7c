import { VisibleError } from '../../errors/index.ts';
import type { CurationRow, CurationStore, RunRow, SubjectKind } from '../../store/index.ts';

/**
 * What readers see: the latest finished full run, plus the rows of the incremental runs started since then,
 * the newest row of a subject winning. A full run recomputes everything, so older incremental rows are stale.
 */
export interface ResultsView {
  full: RunRow | undefined;
  /** Finished incremental runs newer than `full`, oldest first. */
  incremental: RunRow[];
  /** Subject id -> its newest incremental row (of the kind asked for). */
  overrides: Map<string, CurationRow>;
}

/** The runs a view merges, without their rows. */
export type ViewRuns = Pick<ResultsView, 'full' | 'incremental'>;

export async function viewRuns(curation: CurationStore, dataset: string): Promise<ViewRuns> {
  const full = await curation.latestRun(dataset, 'full');
  const since = full?.startedAt ?? Number.NEGATIVE_INFINITY;
  const incremental = (await curation.runs(dataset, 10_000))
    .filter((run) => run.kind === 'incremental' && run.status === 'finished' && run.startedAt >= since)
    .sort((a, b) => a.startedAt - b.startedAt);
  return { full, incremental };
}

export async function resultsView(
  curation: CurationStore,
  dataset: string,
  kind: SubjectKind,
): Promise<ResultsView> {
  const { full, incremental } = await viewRuns(curation, dataset);
  const overrides = new Map<string, CurationRow>();
  for (const run of incremental) {
    for await (const batch of curation.scanRows(run.runId, { kind })) {
      for (const row of batch) overrides.set(row.id, row);
    }
  }
  return { full, incremental, overrides };
}

export function requireResults(view: ResultsView, dataset: string): void {
  if (!view.full && view.incremental.length === 0) {
    throw new VisibleError(
      `Dataset "${dataset}" has no curation run yet: run \`viscura curate\` first.`,
      'no_curation_run',
    );
  }
}
