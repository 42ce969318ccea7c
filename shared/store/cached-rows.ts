import type { Table } from '@lancedb/lancedb';
import { where } from './filters.ts';
import { chunks, datasetWhere, selectRows } from './query.ts';
import type { RowCache } from './row-cache.ts';
import type { TableSpec } from './schema.ts';

type Row = Record<string, unknown>;

/** Every column but the vector and the search text: what a hit's summary reads. */
export function hitColumns(spec: TableSpec): string[] {
  return Object.keys(spec.columns).filter((name) => name !== 'vector' && name !== 'text');
}

/**
 * The rows of `ids` (in that order, ids no longer stored left out), from the cache where held and through the id
 * index for the rest. The ids are hits of a read that checked their `dataset`. With `vectors`, each row carries its vector too (from the cache, else read with the row).
 */
export async function rowsById(
  cache: RowCache,
  table: Table,
  spec: TableSpec,
  version: number,
  ids: readonly string[],
  options: { vectors: boolean; dataset: string },
): Promise<Row[]> {
  const read = (missing: string[], columns: string[]) =>
    Promise.all(
      chunks(missing).map((chunk) =>
        selectRows(table, spec, datasetWhere(spec, undefined, where.in('id', chunk)), { columns }),
      ),
    ).then((parts) => parts.flat());
  const { dataset } = options;
  const vectors = new Map<string, Float32Array>();
  const rows = await cache.rows(version, ids, async (missing) => {
    if (!options.vectors) return read(missing, hitColumns(spec));
    const found = await read(missing, [...hitColumns(spec), 'vector']);
    for (const row of found) vectors.set(row.id as string, row.vector as Float32Array);
    return found;
  });
  if (options.vectors) {
    const lacking = ids.filter((id) => rows.has(id) && !vectors.has(id) && !cache.vectorOf(dataset, id));
    for (const row of lacking.length > 0 ? await read(lacking, ['id', 'vector']) : [])
      vectors.set(row.id as string, row.vector as Float32Array);
    for (const [id, vector] of vectors) cache.putVector(version, dataset, id, vector);
  }
  const out: Row[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) continue;
    out.push(
      options.vectors ? { ...row, vector: vectors.get(id) ?? cache.vectorOf(dataset, id) } : { ...row },
    );
  }
  return out;
}
