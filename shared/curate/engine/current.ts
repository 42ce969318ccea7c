import type { CurationRow, CurationStore } from '../../store/index.ts';
import { where } from '../../store/index.ts';
import type { ViewRuns } from '../results/view.ts';

/**
 * The current row of each image as readers see it (the full run, overridden by newer incremental rows), plus the
 * rows this incremental run has decided so far, which win over both. Rows are read by id across the view's runs
 * (indexed: id and run id) and once per id, so an arrival costs the same however many rows the runs since the
 * full one hold.
 */
export class CurrentRows {
  readonly #stored = new Map<string, CurationRow | null>();
  readonly local = new Map<string, CurationRow>();
  /** The view's run ids, oldest first; a later run's row wins. */
  readonly #runIds: string[];
  readonly #rank: Map<string, number>;

  constructor(
    private readonly curation: CurationStore,
    runs: ViewRuns,
  ) {
    this.#runIds = [...(runs.full ? [runs.full.runId] : []), ...runs.incremental.map((run) => run.runId)];
    this.#rank = new Map(this.#runIds.map((runId, at) => [runId, at]));
  }

  async load(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.#stored.has(id));
    if (missing.length === 0 || this.#runIds.length === 0) return;
    for (const id of missing) this.#stored.set(id, null);
    for (const row of await this.curation.rowsFor(this.#runIds, missing)) {
      const held = this.#stored.get(row.id);
      if (!held || this.#rankOf(row) > this.#rankOf(held)) this.#stored.set(row.id, row);
    }
  }

  /** Call `load` first for the ids you ask about. */
  get(id: string): CurationRow | undefined {
    return this.local.get(id) ?? this.#stored.get(id) ?? undefined;
  }

  /** Ids of the members of the duplicate cluster named after `keeper`, as of now. */
  async members(keeper: string): Promise<string[]> {
    const ids = new Set<string>([keeper]);
    for (const runId of this.#runIds) {
      const rows = await this.curation.rows(runId, {
        kind: 'image',
        where: where.eq('duplicateCluster', keeper),
        limit: 10_000,
      });
      for (const row of rows) ids.add(row.id);
    }
    for (const row of this.local.values()) if (row.duplicateCluster === keeper) ids.add(row.id);
    await this.load([...ids]);
    // A member whose newest row left the cluster is no longer in it.
    return [...ids].filter((id) => id === keeper || this.get(id)?.duplicateCluster === keeper);
  }

  #rankOf(row: CurationRow): number {
    return this.#rank.get(row.runId) ?? -1;
  }
}
