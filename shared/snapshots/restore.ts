import type { Connection, Table } from '@lancedb/lancedb';
import { decodeBatch } from '../store/convert.ts';
import { clustersSpec, curationSpec, runsSpec } from '../store/curation-schema.ts';
import { stringLiteral } from '../store/filters.ts';
import { withCommitRetry } from '../store/index.ts';
import { failuresSpec, imagesSpec, objectsSpec, type TableSpec } from '../store/schema.ts';
import { tableAt } from './read.ts';

/**
 * One table back to a snapshot, for one dataset. When the table holds no other dataset (then or now), LanceDB's
 * own restore makes the tagged version the newest (constant time, no data copied). Otherwise the dataset's rows
 * are deleted and the tagged version's rows written back, batch by batch (time and new storage grow with the
 * dataset, memory with one batch); other datasets are untouched.
 */
export async function restoreTable(
  conn: Connection,
  name: string,
  live: Table | undefined,
  version: number | null,
  dataset: string,
  tag: string,
): Promise<{ mode: 'restore' | 'rewrite' | 'absent'; rows: number }> {
  const mine = `dataset = ${stringLiteral(dataset)}`;
  const others = `dataset <> ${stringLiteral(dataset)}`;
  if (!live) return { mode: 'absent', rows: 0 };
  if (version === null) {
    await withCommitRetry(`clear ${name}`, () => live.delete(mine));
    return { mode: 'rewrite', rows: 0 };
  }
  const old = (await tableAt(conn, name, tag, version)) as Table;
  if ((await old.countRows(others)) === 0 && (await live.countRows(others)) === 0) {
    await live.checkout(tag);
    await live.restore();
    return { mode: 'restore', rows: await live.countRows(mine) };
  }
  await withCommitRetry(`clear ${name}`, () => live.delete(mine));
  let rows = 0;
  for await (const batch of old.query().where(mine)) {
    if (batch.numRows === 0) continue;
    const records = decodeBatch(batch, SPECS[name]);
    await withCommitRetry(`restore ${name}`, () => live.add(records));
    rows += batch.numRows;
  }
  return { mode: 'rewrite', rows };
}

const SPECS: Record<string, TableSpec> = {
  images: imagesSpec,
  objects: objectsSpec,
  failures: failuresSpec,
  runs: runsSpec,
  curation: curationSpec,
  clusters: clustersSpec,
};
