import { Index, type Table } from '@lancedb/lancedb';
import { errorMessage, VisibleError } from '../errors/index.ts';
import { type RetryingOnce, retryingOnce } from '../lazy/once.ts';
import { rowsById } from './cached-rows.ts';
import { cleanupCutoff } from './cleanup.ts';
import { decodeBatch, toImageRow } from './convert.ts';
import type { StoreCore } from './core.ts';
import { where } from './filters.ts';
import { checkLimit, datasetWhere, streamRows } from './query.ts';
import { withCommitRetry } from './retry.ts';
import { imagesSpec } from './schema.ts';
import { readInDataset } from './scope.ts';
import type { ImageRow, TextHit, TextSearchOptions } from './types.ts';

export const TEXT_INDEX = 'text_idx';
const MAX_QUERY_CHARS = 1_000;
const MAX_TERMS = 16;
/** Rows written since the index was built are searched without it (correct, slower); past this, refresh it. */
export const TEXT_REFRESH_ROWS = 5_000;
const REFRESH_CHECK_MS = 60_000;

export function textIndexConfig(): Index {
  // Positions serve phrase queries, which we do not run: without them the index is smaller and builds faster.
  return Index.fts({ withPosition: false });
}

/** Words of the query, lower-cased: no query syntax reaches the index, so no input can make it fail. */
export function queryTerms(query: string): string[] {
  if (query.length > MAX_QUERY_CHARS) {
    throw new VisibleError(`A text query may be at most ${MAX_QUERY_CHARS} characters.`, 'invalid_query');
  }
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/**
 * The full-text index over the `text` column: built on first search (or by optimize), refreshed in the
 * background once many rows were written after it. A read-only store without an index scans instead.
 */
export class TextIndex {
  #ready: RetryingOnce<boolean> | undefined;
  #checkedAt = 0;
  #refreshing: Promise<void> | undefined;

  constructor(private readonly core: StoreCore) {}

  ensure(table: Table): Promise<boolean> {
    // The store's images table is one object, so the first caller's table serves every later one.
    this.#ready ??= retryingOnce(() => this.#build(table));
    return this.#ready();
  }

  async #build(table: Table): Promise<boolean> {
    if ((await table.listIndices()).some((index) => index.name === TEXT_INDEX)) return true;
    if (this.core.readOnly) return false;
    const started = Date.now();
    await withCommitRetry(
      'build the full-text index',
      () => table.createIndex('text', { config: textIndexConfig(), name: TEXT_INDEX }),
      { log: this.core.log },
    );
    this.core.log.info('built the full-text index', { table: 'images', ms: Date.now() - started });
    this.#checkedAt = Date.now();
    return true;
  }

  /** At most once a minute, and never blocking the search that noticed it. */
  maybeRefresh(table: Table): void {
    if (this.core.readOnly || this.#refreshing || Date.now() - this.#checkedAt < REFRESH_CHECK_MS) return;
    this.#checkedAt = Date.now();
    this.#refreshing = (async () => {
      const stats = await table.indexStats(TEXT_INDEX);
      if (!stats || stats.numUnindexedRows < TEXT_REFRESH_ROWS) return;
      const started = Date.now();
      // LanceDB's default cleanup (a week) would fail on a snapshot's tagged version.
      const week = new Date(Date.now() - 7 * 24 * 3600 * 1000);
      await table.optimize({ cleanupOlderThan: await cleanupCutoff(table, week) });
      this.core.log.info('refreshed the full-text index', {
        rows: stats.numUnindexedRows,
        ms: Date.now() - started,
      });
    })()
      .catch((error) => this.core.log.warn('full-text index refresh failed', { error: errorMessage(error) }))
      .finally(() => {
        this.#refreshing = undefined;
      });
  }

  /** Lets tests and close() wait for a background refresh. */
  async settle(): Promise<void> {
    await this.#refreshing;
  }
}

export async function textSearch(
  core: StoreCore,
  index: TextIndex,
  dataset: string,
  query: string,
  options: TextSearchOptions = {},
): Promise<TextHit<ImageRow>[]> {
  const limit = checkLimit(options.limit, 10);
  const terms = queryTerms(query);
  const table = await core.images.open();
  if (!table || terms.length === 0) return [];
  if (!(await index.ensure(table)))
    return scanSearch(table, terms, datasetWhere(imagesSpec, dataset, options.where), limit);
  index.maybeRefresh(table);
  const { cache } = core.images;
  // With a row cache, the index answers ids and scores, and the rows (with their vectors) come from the cache.
  const version = cache.holdsRows ? await cache.sync(table) : -1;
  const columns = cache.holdsRows ? ['id', 'dataset'] : undefined;
  const search = (scoped: string | undefined) =>
    indexedSearch(table, terms, datasetWhere(imagesSpec, scoped, options.where), limit, columns);
  const found = await readInDataset(core.images.scope, table, dataset, search, (hit) => hit.record.dataset);
  found.sort((a, b) => b.score - a.score);
  if (!columns) return found.map(({ record, score }) => ({ row: toImageRow(record), score }));
  const ids = found.map((hit) => hit.record.id as string);
  const rows = await rowsById(cache, table, imagesSpec, version, ids, { vectors: true, dataset });
  const byId = new Map(rows.map((row) => [row.id, row]));
  // A hit deleted between the search and the read of its row is left out.
  return found.flatMap(({ record, score }) => {
    const row = byId.get(record.id as string);
    return row ? [{ row: toImageRow(row), score }] : [];
  });
}

async function indexedSearch(
  table: Table,
  terms: string[],
  filter: string | undefined,
  limit: number,
  columns: string[] | undefined,
): Promise<{ record: Record<string, unknown>; score: number }[]> {
  let search = table.query().fullTextSearch(terms.join(' '), { columns: 'text' }).limit(limit);
  if (filter) search = search.where(filter);
  if (columns) search = search.select([...columns, '_score']);
  const hits: { record: Record<string, unknown>; score: number }[] = [];
  for await (const batch of search) {
    for (const record of decodeBatch(batch, imagesSpec)) hits.push({ record, score: Number(record._score) });
  }
  return hits;
}

/** Without an index: rows holding any query word, scored by the fraction of words they hold. */
async function scanSearch(
  table: Table,
  terms: string[],
  filter: string | undefined,
  limit: number,
): Promise<TextHit<ImageRow>[]> {
  const anyTerm = datasetWhere(
    imagesSpec,
    undefined,
    where.or(...terms.map((term) => where.contains('text', term))),
  );
  const combined = filter ? `${filter} AND ${anyTerm}` : anyTerm;
  const columns = Object.keys(imagesSpec.columns);
  let best: TextHit<ImageRow>[] = [];
  for await (const batch of streamRows(table, imagesSpec, combined, columns, 1024)) {
    for (const record of batch) {
      const text = String(record.text).toLowerCase();
      const score = terms.filter((term) => text.includes(term)).length / terms.length;
      best.push({ row: toImageRow(record), score });
    }
    // Keep memory bounded by the limit, not by the number of matches.
    if (best.length > limit * 4) best = best.sort((a, b) => b.score - a.score).slice(0, limit);
  }
  return best.sort((a, b) => b.score - a.score).slice(0, limit);
}
