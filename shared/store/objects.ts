import { VisibleError } from '../errors/index.ts';
import { objectRecord, toObjectRow } from './convert.ts';
import type { StoreCore } from './core.ts';
import { compileFilter, where } from './filters.ts';
import { checkColumns, checkLimit, datasetWhere, selectRows, streamRows } from './query.ts';
import { withCommitRetry } from './retry.ts';
import { filterColumns, objectsSpec } from './schema.ts';
import { readInDataset } from './scope.ts';
import type { ObjectColumn, ObjectRow, ObjectTable } from './types.ts';
import { checkQueryVector, searchVectors } from './vectors.ts';

const BOX_COLUMNS = ['boxX', 'boxY', 'boxW', 'boxH'];

/** `box` is stored as four float columns: plain columns filter and sort without struct access. */
function storedColumns(columns: readonly ObjectColumn[]): string[] {
  return columns.flatMap((column) => (column === 'box' ? BOX_COLUMNS : checkColumns(objectsSpec, [column])));
}

export function createObjectTable(core: StoreCore): ObjectTable {
  const lazy = core.objects;
  const spec = objectsSpec;

  return {
    async replaceForImages(imageIds, rows) {
      if (imageIds.length === 0) return;
      const owners = new Set(imageIds);
      for (const row of rows) {
        if (!owners.has(row.imageId))
          throw new Error(`object ${row.id} belongs to ${row.imageId}, not to the images given`);
      }
      const ofImages = compileFilter(where.in('imageId', [...owners]), filterColumns(spec));
      if (rows.length === 0) {
        const table = await lazy.openForWrite();
        if (table) await withCommitRetry('delete objects', () => table.delete(ofImages), { log: core.log });
        return;
      }
      const table = await core.vectorTable(lazy, rows);
      const records = [...new Map(rows.map((row) => [row.id, objectRecord(row)])).values()];
      // One commit: the images' old objects that are not in `rows` go in the same transaction as the new ones.
      await withCommitRetry(
        'replace objects',
        () =>
          table
            .mergeInsert('id')
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .whenNotMatchedBySourceDelete({ where: ofImages })
            .execute(records),
        { log: core.log },
      );
      core.indexer.afterWrite(lazy.name, table);
    },

    async forImage(dataset, imageId) {
      const table = await lazy.open();
      if (!table) return [];
      const rows = await selectRows(table, spec, datasetWhere(spec, dataset, where.eq('imageId', imageId)));
      return rows
        .map(toObjectRow)
        .sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x || a.id.localeCompare(b.id));
    },

    async get(dataset, id) {
      const table = await lazy.open();
      if (!table) return undefined;
      // The id index alone finds it (ids derive from their image's dataset); the dataset is checked on the row.
      const rows = await selectRows(table, spec, datasetWhere(spec, undefined, where.eq('id', id)), {
        limit: 1,
      });
      return rows[0]?.dataset === dataset ? toObjectRow(rows[0]) : undefined;
    },

    async count(dataset, extra) {
      const table = await lazy.open();
      if (!table) return 0;
      return table.countRows(datasetWhere(spec, dataset, extra));
    },

    async *scan(dataset, options) {
      const table = await lazy.open();
      if (!table) return;
      const batchSize = options.batchSize ?? 1024;
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new VisibleError('batchSize must be a positive integer.', 'invalid_input');
      const wantsBox = (options.columns as readonly string[]).includes('box');
      const stream = streamRows(
        table,
        spec,
        datasetWhere(spec, dataset, options.where),
        storedColumns(options.columns),
        batchSize,
      );
      for await (const batch of stream) {
        yield batch.map((record) => {
          if (!wantsBox) return record;
          return toObjectRow(record);
        }) as unknown as Pick<ObjectRow, (typeof options.columns)[number]>[];
      }
    },

    async vectorSearch(dataset, vector, options = {}) {
      const limit = checkLimit(options.limit, 10);
      checkQueryVector(vector, await core.model());
      const table = await lazy.open();
      if (!table) return [];
      const search = (scoped: string | undefined) =>
        searchVectors(table, spec, {
          vector,
          filter: datasetWhere(spec, scoped, options.where),
          limit,
          exclude: options.exclude,
          withVectors: options.withVectors,
        });
      const hits = await readInDataset(lazy.scope, table, dataset, search, (hit) => hit.record.dataset);
      return hits.map(({ record, score }) => ({ row: toObjectRow(record), score }));
    },
  };
}
