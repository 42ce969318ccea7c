import { resultsView } from '../../curate/results/index.ts';
import type { CurationRow, CurationStore, RunRow, SubjectKind } from '../../store/index.ts';

/** The curation results readers see: the latest full run, and newer incremental rows that override it. */
export interface Results {
  full: RunRow | undefined;
  /** Subject id -> its newest incremental row. */
  overrides: Map<string, CurationRow>;
  /** The full run's id, or null before the first run; pins cursors. */
  runId: string | null;
}

const CACHE_MS = 2_000;

/**
 * resultsView reads every incremental row: cached per dataset and kind for CACHE_MS, so a burst of requests reads
 * them once and a new run shows up within that time.
 */
export function resultsCache(
  curation: CurationStore,
): (dataset: string, kind?: SubjectKind) => Promise<Results> {
  const cache = new Map<string, { at: number; results: Promise<Results> }>();
  return (dataset, kind = 'image') => {
    const name = `${kind}/${dataset}`;
    const hit = cache.get(name);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.results;
    const results = resultsView(curation, dataset, kind).then((view) => ({
      full: view.full,
      overrides: view.overrides,
      runId: view.full?.runId ?? null,
    }));
    results.catch(() => cache.delete(name));
    cache.set(name, { at: Date.now(), results });
    return results;
  };
}

/** The rows of these images: overrides first, the full run for the rest. */
export async function curationOf(
  curation: CurationStore,
  results: Results,
  ids: readonly string[],
  kind: SubjectKind = 'image',
): Promise<Map<string, CurationRow>> {
  const out = new Map<string, CurationRow>();
  const rest: string[] = [];
  for (const id of ids) {
    const row = results.overrides.get(id);
    if (row) out.set(id, row);
    else rest.push(id);
  }
  if (results.full && rest.length > 0) {
    for (const row of await curation.rowsFor(results.full.runId, rest))
      if (row.kind === kind) out.set(row.id, row);
  }
  return out;
}
