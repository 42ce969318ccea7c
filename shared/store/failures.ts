import type { StoreCore } from './core.ts';
import { where } from './filters.ts';
import { imageId } from './ids.ts';
import { checkLimit, chunks, datasetWhere, selectRows } from './query.ts';
import { withCommitRetry } from './retry.ts';
import { arrowSchema, failuresSpec } from './schema.ts';
import type { FailureRow, FailureTable } from './types.ts';

export function createFailureTable(core: StoreCore): FailureTable {
  const lazy = core.failures;
  const spec = failuresSpec;

  return {
    async record(input) {
      const rows = Array.isArray(input) ? (input as readonly FailureRow[]) : [input as FailureRow];
      if (rows.length === 0) return;
      const table = await lazy.create(() => arrowSchema(spec));
      const records = [...new Map(rows.map((row) => [imageId(row.dataset, row.key), row])).entries()].map(
        ([id, row]) => ({ id, ...row }),
      );
      await withCommitRetry(
        'record failures',
        () => table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(records),
        { log: core.log },
      );
    },

    async clear(dataset, keys) {
      const table = await lazy.openForWrite();
      if (!table || keys.length === 0) return;
      for (const chunk of chunks(keys)) {
        const filter = datasetWhere(spec, dataset, where.in('key', chunk)) as string;
        // Most batches had no failures: a read is cheaper than an empty commit (a new table version).
        if ((await table.countRows(filter)) === 0) continue;
        await withCommitRetry('clear failures', () => table.delete(filter), { log: core.log });
      }
    },

    async list(dataset, limit) {
      const table = await lazy.open();
      if (!table) return [];
      const rows = await selectRows(table, spec, datasetWhere(spec, dataset), {
        limit: checkLimit(limit, 1_000),
        orderBy: { column: 'at', ascending: false },
      });
      return rows.map(({ id: _id, ...row }) => row as unknown as FailureRow);
    },

    async count(dataset) {
      const table = await lazy.open();
      if (!table) return 0;
      return table.countRows(datasetWhere(spec, dataset));
    },
  };
}
