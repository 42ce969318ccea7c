import { Index, type Table } from '@lancedb/lancedb';
import { withCommitRetry } from './retry.ts';

export interface ScalarIndexSpec {
  column: string;
  name: string;
  /** BTREE for many distinct values (ids), BITMAP for few (datasets, run ids). */
  kind: 'btree' | 'bitmap';
}

/**
 * Builds the scalar indexes a table lacks; returns the names built. Filters on an indexed column read the index
 * instead of the whole column (rows written since are still scanned, and optimize() folds them in).
 */
export async function ensureScalarIndexes(
  table: Table,
  specs: readonly ScalarIndexSpec[],
): Promise<string[]> {
  const existing = new Set((await table.listIndices()).map((index) => index.name));
  const built: string[] = [];
  for (const spec of specs) {
    if (existing.has(spec.name)) continue;
    const config = spec.kind === 'btree' ? Index.btree() : Index.bitmap();
    await withCommitRetry(`build the ${spec.column} index`, () =>
      table.createIndex(spec.column, { config, name: spec.name }),
    );
    built.push(spec.name);
  }
  return built;
}
