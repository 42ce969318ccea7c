import { VisibleError } from '../errors/index.ts';
import { hitColumns, rowsById } from './cached-rows.ts';
import { cachedVectorSearch } from './cached-search.ts';
import { imageRecord, toImageRow } from './convert.ts';
import type { StoreCore } from './core.ts';
import { where } from './filters.ts';
import { imageId } from './ids.ts';
import { checkColumns, checkLimit, chunks, datasetWhere, selectRows, streamRows } from './query.ts';
import { withCommitRetry } from './retry.ts';
import { imagesSpec, objectsSpec } from './schema.ts';
import { readInDataset } from './scope.ts';
import { datasetStats } from './stats.ts';
import { missingColumns } from './tables.ts';
import { textSearch } from './text-search.ts';
import type { ImageRow, ImageTable, StoredImage } from './types.ts';
import { checkQueryVector, NO_VECTOR, searchVectors } from './vectors.ts';

export function createImageTable(core: StoreCore): ImageTable {
  const lazy = core.images;
  const spec = imagesSpec;
  const filterFor = (dataset: string | undefined, extra?: Parameters<typeof datasetWhere>[2]) =>
    datasetWhere(spec, dataset, extra);

  // An id is derived from its dataset, so the id index alone finds the rows; the dataset is checked on them
  // (an id asked for in another dataset finds nothing), which spares every lookup the dataset index.
  async function byIds(dataset: string, ids: readonly string[], columns?: string[]) {
    const table = await lazy.open();
    if (!table || ids.length === 0) return [];
    const rows: Record<string, unknown>[] = [];
    for (const chunk of chunks(ids)) {
      const found = await selectRows(table, spec, filterFor(undefined, where.in('id', chunk)), { columns });
      for (const record of found) if (record.dataset === dataset) rows.push(record);
    }
    return rows;
  }

  const images: ImageTable = {
    async existing(dataset, keys) {
      const stored = new Map<string, StoredImage>();
      const table = await lazy.open();
      if (!table) return stored;
      for (const chunk of chunks(keys)) {
        const rows = await selectRows(table, spec, filterFor(dataset, where.in('key', chunk)), {
          columns: ['id', 'key', 'sha256', 'model', 'label', 'caption', 'tags', 'width', 'height'],
        });
        for (const row of rows) {
          stored.set(row.key as string, {
            id: row.id as string,
            sha256: row.sha256 as string,
            model: row.model as string,
            label: (row.label as string | null) ?? null,
            caption: (row.caption as string | null) ?? null,
            tags: [...((row.tags as Iterable<string> | null) ?? [])],
            width: row.width as number,
            height: row.height as number,
          });
        }
      }
      return stored;
    },

    async upsert(rows) {
      if (rows.length === 0) return;
      for (const row of rows) {
        if (row.id !== imageId(row.dataset, row.key)) {
          throw new Error(
            `image row for ${row.dataset}/${row.key} has id ${row.id}, not imageId(dataset, key)`,
          );
        }
      }
      // mergeInsert's behaviour with two source rows for one id is undefined: the last one wins here.
      const unique = [...new Map(rows.map((row) => [row.id, row])).values()];
      const table = await core.vectorTable(lazy, unique);
      const records = unique.map(imageRecord);
      await withCommitRetry(
        'upsert images',
        () => table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(records),
        { log: core.log },
      );
      core.indexer.afterWrite(lazy.name, table);
    },

    async deleteKeys(dataset, keys) {
      const table = await lazy.openForWrite();
      if (!table || keys.length === 0) return 0;
      const objects = await core.objects.openForWrite();
      let removed = 0;
      for (const chunk of chunks(keys)) {
        const ids = chunk.map((key) => imageId(dataset, key));
        // Objects first: a crash in between leaves an image without objects, which a re-run deletes,
        // never objects whose image is gone.
        if (objects) {
          const filter = datasetWhere(objectsSpec, dataset, where.in('imageId', ids)) as string;
          await withCommitRetry('delete objects', () => objects.delete(filter), { log: core.log });
        }
        const filter = filterFor(dataset, where.in('id', ids)) as string;
        const result = await withCommitRetry('delete images', () => table.delete(filter), { log: core.log });
        removed += result.numDeletedRows;
      }
      return removed;
    },

    async get(dataset, id) {
      const [record] = await byIds(dataset, [id]);
      return record && toImageRow(record);
    },

    async getMany(dataset, ids) {
      return (await byIds(dataset, ids)).map(toImageRow);
    },

    async vector(dataset, id) {
      const table = await lazy.open();
      if (!table) return undefined;
      const version = await lazy.cache.sync(table);
      return lazy.cache.vector(version, id, dataset, async () => {
        const [record] = await byIds(dataset, [id], ['dataset', 'vector']);
        return record?.vector as Float32Array | undefined;
      });
    },

    async getByKey(dataset, key) {
      const table = await lazy.open();
      if (!table) return undefined;
      const rows = await selectRows(table, spec, filterFor(dataset, where.eq('key', key)), { limit: 1 });
      return rows.length === 0 ? undefined : toImageRow(rows[0]);
    },

    async count(dataset, extra) {
      const table = await lazy.open();
      if (!table) return 0;
      return table.countRows(filterFor(dataset, extra));
    },

    async datasets() {
      const table = await lazy.open();
      if (!table) return [];
      const names = new Set<string>();
      for await (const batch of streamRows(table, spec, undefined, ['dataset'], 8192)) {
        for (const row of batch) names.add(row.dataset as string);
      }
      return [...names].sort();
    },

    stats: (dataset, thresholds) => datasetStats(core, dataset, thresholds),

    async *scan(dataset, options) {
      const table = await lazy.open();
      if (!table) return;
      const batchSize = options.batchSize ?? 1024;
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new VisibleError('batchSize must be a positive integer.', 'invalid_input');
      const columns = checkColumns(spec, options.columns);
      yield* streamRows(table, spec, filterFor(dataset, options.where), columns, batchSize) as AsyncIterable<
        Pick<ImageRow, (typeof options.columns)[number]>[]
      >;
    },

    async list(dataset, options) {
      const table = await lazy.open();
      if (!table) return [];
      const limit = checkLimit(options.limit, 100);
      const offset = options.offset ?? 0;
      if (!Number.isInteger(offset) || offset < 0)
        throw new VisibleError('offset must be a whole number, 0 or more.', 'invalid_input');
      if (options.orderBy) checkColumns(spec, [options.orderBy.column]);
      // Without vectors and with a row cache, the page is read as ids and its rows come from the cache.
      const idsOnly = options.withVectors === false && lazy.cache.holdsRows;
      const version = idsOnly ? await lazy.cache.sync(table) : -1;
      // The order column is read too: without it, a filter answered by a scalar index alone fails to plan
      // in LanceDB 0.31 ("TakeExec requires the input plan to have a column named '_rowid'").
      const ids = [...new Set(['id', 'dataset', ...(options.orderBy ? [options.orderBy.column] : [])])];
      const columns = options.withVectors !== false ? undefined : idsOnly ? ids : hitColumns(spec);
      const rows = await readInDataset(
        lazy.scope,
        table,
        dataset,
        (scoped) =>
          selectRows(table, spec, filterFor(scoped, options.where), {
            columns,
            limit,
            offset,
            orderBy: options.orderBy,
          }),
        (record) => record.dataset,
      );
      if (options.withVectors !== false) return rows.map(toImageRow);
      const full = idsOnly
        ? await rowsById(
            lazy.cache,
            table,
            spec,
            version,
            rows.map((row) => row.id as string),
            { vectors: false, dataset },
          )
        : rows;
      return full.map((row) => toImageRow({ ...row, vector: NO_VECTOR }));
    },

    async unjudged(dataset, issue, options) {
      const table = await lazy.open();
      // Stores written before the column read as judged: nothing to list.
      if (!table || (await missingColumns(table, spec)).includes('qualityUnjudged'))
        return { count: 0, rows: [] };
      // The stored JSON names each check in quotes: '"blur"' matches that key and no other.
      const filter = where.and(
        where.contains('qualityUnjudged', `"${issue}"`),
        options.label === undefined ? undefined : where.eq('label', options.label),
      );
      const [count, rows] = await Promise.all([
        table.countRows(filterFor(dataset, filter)),
        images.list(dataset, { where: filter, limit: options.limit, orderBy: { column: 'key' } }),
      ]);
      return { count, rows };
    },

    async vectorSearch(dataset, vector, options = {}) {
      const limit = checkLimit(options.limit, 10);
      checkQueryVector(vector, await core.model());
      const table = await lazy.open();
      if (!table) return [];
      // Without vectors and with a row cache, the search reads row ids only and the rows come from the cache.
      if (options.withVectors === false && lazy.cache.holdsRows) {
        const context = {
          cache: lazy.cache,
          scope: lazy.scope,
          spec,
          table,
          openAt: (v: number) => lazy.openAt(v),
        };
        const hits = await cachedVectorSearch(context, dataset, vector, {
          limit,
          where: options.where,
          exclude: options.exclude,
        });
        return hits.map(({ row, score }) => ({ row: toImageRow({ ...row, vector: NO_VECTOR }), score }));
      }
      const search = (scoped: string | undefined) =>
        searchVectors(table, spec, {
          vector,
          filter: filterFor(scoped, options.where),
          limit,
          exclude: options.exclude,
          withVectors: options.withVectors,
        });
      const hits = await readInDataset(lazy.scope, table, dataset, search, (hit) => hit.record.dataset);
      return hits.map(({ record, score }) => ({ row: toImageRow(record), score }));
    },

    textSearch: (dataset, query, options) => textSearch(core, core.textIndex, dataset, query, options),
  };
  return images;
}
