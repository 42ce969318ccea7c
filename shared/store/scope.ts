import type { Table } from '@lancedb/lancedb';
import { datasetWhere } from './query.ts';
import type { TableSpec } from './schema.ts';

/**
 * Most stores hold one dataset, and then a query's `dataset = X` condition keeps every row yet still costs each
 * search or listing a bitmap-index read (~1.3 ms of CPU per call on 2 cores, bench/api-profile.ts). The scope
 * knows, per table version, whether every row belongs to one dataset, so the condition can be left out.
 */
export class DatasetScope {
  #version = -1;
  constructor(private readonly spec: TableSpec) {}

  #sole: Promise<string | undefined> | undefined;

  /**
   * The dataset every row of the table belongs to at its latest version (or at `version`, for a table checked
   * out at it); undefined when there are several.
   */
  async sole(table: Table, known?: number): Promise<string | undefined> {
    const version = known ?? (await table.version());
    if (version !== this.#version || !this.#sole) {
      this.#version = version;
      this.#sole = soleDataset(table, this.spec).catch((error) => {
        this.#sole = undefined;
        throw error;
      });
    }
    return this.#sole;
  }
}

async function soleDataset(table: Table, spec: TableSpec): Promise<string | undefined> {
  const [first] = await table.query().select(['dataset']).limit(1).toArray();
  if (!first) return undefined;
  const dataset = String(first.dataset);
  // Two counts, the second through the dataset index: ~1 ms, once per version.
  const [all, ofIt] = await Promise.all([table.countRows(), table.countRows(datasetWhere(spec, dataset))]);
  return all === ofIt ? dataset : undefined;
}

/**
 * Runs a read with the dataset condition left out when the table holds only that dataset. A write between the
 * version check and the read can add another dataset's rows: if any comes back, the read is made again with it.
 */
export async function readInDataset<R>(
  scope: DatasetScope,
  table: Table,
  dataset: string | undefined,
  read: (dataset: string | undefined) => Promise<R[]>,
  datasetOf: (row: R) => unknown,
): Promise<R[]> {
  if (dataset === undefined || (await scope.sole(table)) !== dataset) return read(dataset);
  const rows = await read(undefined);
  return rows.every((row) => datasetOf(row) === dataset) ? rows : read(dataset);
}
