import type { Connection, Table } from '@lancedb/lancedb';
import { stringLiteral } from '../store/filters.ts';

/** A table as it was at a tag (or now, without one); undefined when it did not exist then. */
export async function tableAt(
  conn: Connection,
  name: string,
  tag: string | undefined,
  version: number | null,
) {
  if (version === null) return undefined;
  if (!(await conn.tableNames()).includes(name)) return undefined;
  const table = await conn.openTable(name);
  if (tag !== undefined) await table.checkout(tag);
  return table;
}

/** The dataset's rows of some columns, streamed batch by batch. */
export async function* rowsOf(
  table: Table | undefined,
  dataset: string,
  columns: string[],
  extra = '',
): AsyncGenerator<Record<string, unknown>> {
  if (!table) return;
  const query = table
    .query()
    .where(`dataset = ${stringLiteral(dataset)}${extra ? ` AND ${extra}` : ''}`)
    .select(columns);
  for await (const batch of query) {
    for (const row of batch.toArray()) yield row.toJSON() as Record<string, unknown>;
  }
}
