import type { CurationRow, CurationStore } from '../../store/index.ts';
import { where } from '../../store/index.ts';
import type { ResultsView } from '../results/view.ts';

/**
 * The current row of each image as readers see it (the full run, overridden by newer incremental rows), plus the
 * rows this incremental run has decided so far, which win over both. Full-run rows are fetched once per id.
 */
export class CurrentRows {
  readonly #full = new Map<string, CurationRow | null>();
  readonly local = new Map<string, CurationRow>();

  constructor(
    private readonly curation: CurationStore,
    private readonly view: ResultsView,
  ) {}

  async load(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.#full.has(id) && !this.view.overrides.has(id));
    if (missing.length === 0 || !this.view.full) return;
    for (const id of missing) this.#full.set(id, null);
    for (const row of await this.curation.rowsFor(this.view.full.runId, missing)) this.#full.set(row.id, row);
  }

  /** Call `load` first for the ids you ask about. */
  get(id: string): CurationRow | undefined {
    return this.local.get(id) ?? this.view.overrides.get(id) ?? this.#full.get(id) ?? undefined;
  }

  /** Ids of the members of the duplicate cluster named after `keeper`, as of now. */
  async members(keeper: string): Promise<string[]> {
    const ids = new Set<string>([keeper]);
    if (this.view.full) {
      const rows = await this.curation.rows(this.view.full.runId, {
        kind: 'image',
        where: where.eq('duplicateCluster', keeper),
        limit: 10_000,
      });
      for (const row of rows) this.#full.set(row.id, row);
      for (const row of rows) ids.add(row.id);
    }
    for (const row of [...this.view.overrides.values(), ...this.local.values()]) {
      if (row.duplicateCluster === keeper) ids.add(row.id);
    }
    // A member whose newest row left the cluster is no longer in it.
    return [...ids].filter((id) => id === keeper || this.get(id)?.duplicateCluster === keeper);
  }
}
