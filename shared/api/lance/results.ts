import { resultsView } from '../../curate/results/index.ts';
import type { CurationRow, CurationStore, RunRow, SubjectKind } from '../../store/index.ts';

/** The curation results readers see: the latest full run, and newer incremental rows that override it. */
export interface Results {
  full: RunRow | undefined;
  /** Subject id -> its newest incremental row. */
  overrides: Map<string, CurationRow>;
  /** The full run's id, or null before the first run; pins cursors. */
  runId: string | null;
  /** Every row of the full run by id, once loaded (see RUN_ROWS_IN_MEMORY). */
  fullRows?: Map<string, CurationRow>;
}

const CACHE_MS = 2_000;
/**
 * A finished run never changes, so its rows can be held in memory and joined without a query; up to this many
 * (about 300 bytes each), loaded in the background while queries answer.
 */
export const RUN_ROWS_IN_MEMORY = 300_000;

export interface ResultsCache {
  (dataset: string, kind?: SubjectKind): Promise<Results>;
  /** Resolves once the latest full run's rows of the dataset are in memory (or known to be too many). */
  preload(dataset: string, kind?: SubjectKind): Promise<void>;
}

/**
 * resultsView reads every incremental row: cached per dataset and kind for CACHE_MS, so a burst of requests reads
 * them once and a new run shows up within that time.
 */
export function resultsCache(curation: CurationStore): ResultsCache {
  const cache = new Map<string, { at: number; results: Promise<Results> }>();
  const runRows = runRowsCache(curation);
  const view = (dataset: string, kind: SubjectKind): Promise<Results> => {
    const name = `${kind}/${dataset}`;
    const hit = cache.get(name);
    if (hit && Date.now() - hit.at < CACHE_MS) {
      return hit.results.then((results) => ({ ...results, fullRows: runRows(results.full, kind).rows }));
    }
    const results = resultsView(curation, dataset, kind).then((found) => ({
      full: found.full,
      overrides: found.overrides,
      runId: found.full?.runId ?? null,
      fullRows: runRows(found.full, kind).rows,
    }));
    results.catch(() => cache.delete(name));
    cache.set(name, { at: Date.now(), results });
    return results;
  };
  return Object.assign((dataset: string, kind: SubjectKind = 'image') => view(dataset, kind), {
    async preload(dataset: string, kind: SubjectKind = 'image') {
      await runRows((await view(dataset, kind)).full, kind).loaded;
    },
  });
}

type Held = Map<string, CurationRow> | 'loading' | 'too-large';

/** The loaded rows of a run (undefined while they load, or when the run is too large to hold) and the load. */
function runRowsCache(
  curation: CurationStore,
): (
  run: RunRow | undefined,
  kind: SubjectKind,
) => { rows?: Map<string, CurationRow>; loaded?: Promise<void> } {
  // One run per dataset and kind: the latest, which replaces the one before it.
  const held = new Map<string, { runId: string; rows: Held; loaded: Promise<void> }>();
  return (run, kind) => {
    if (!run) return {};
    const name = `${kind}/${run.dataset}`;
    const entry = held.get(name);
    if (entry?.runId === run.runId)
      return { rows: entry.rows instanceof Map ? entry.rows : undefined, loaded: entry.loaded };
    const loading: { runId: string; rows: Held; loaded: Promise<void> } = {
      runId: run.runId,
      rows: 'loading',
      loaded: Promise.resolve(),
    };
    loading.loaded = (async () => {
      if ((await curation.countRows(run.runId, { kind })) > RUN_ROWS_IN_MEMORY) {
        loading.rows = 'too-large';
        return;
      }
      const rows = new Map<string, CurationRow>();
      for await (const batch of curation.scanRows(run.runId, { kind, batchSize: 8192 })) {
        for (const row of batch) rows.set(row.id, row);
      }
      loading.rows = rows;
    })().catch(() => {
      if (held.get(name) === loading) held.delete(name);
    });
    held.set(name, loading);
    return { loaded: loading.loaded };
  };
}

/** The rows of these subjects: overrides first, the full run for the rest. */
export async function curationOf(
  curation: CurationStore,
  results: Results,
  ids: readonly string[],
  kind: SubjectKind = 'image',
): Promise<Map<string, CurationRow>> {
  const out = new Map<string, CurationRow>();
  const rest: string[] = [];
  for (const id of ids) {
    const row = results.overrides.get(id) ?? results.fullRows?.get(id);
    if (row) out.set(id, row);
    else if (!results.fullRows) rest.push(id);
  }
  if (results.full && rest.length > 0) {
    for (const row of await curation.rowsFor(results.full.runId, rest))
      if (row.kind === kind) out.set(row.id, row);
  }
  return out;
}
