import type { Table } from '@lancedb/lancedb';
import { VisibleError } from '../errors/index.ts';
import { decodeBatch } from './convert.ts';
import { compileFilter, type Filter, where } from './filters.ts';
import { filterColumns, type TableSpec } from './schema.ts';

export const MAX_LIMIT = 10_000;
/** Ids per `IN (...)` list: keeps each filter string and its plan small. */
export const IN_CHUNK = 500;

/** The dataset filter every read starts from, and'ed with the caller's. */
export function datasetWhere(
  spec: TableSpec,
  dataset: string | undefined,
  extra?: Filter,
): string | undefined {
  const filter = where.and(dataset === undefined ? undefined : where.eq('dataset', dataset), extra);
  if (filter.op === 'and' && filter.filters.length === 0) return undefined;
  return compileFilter(filter, filterColumns(spec));
}

export function checkLimit(limit: number | undefined, fallback: number): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new VisibleError(
      `limit must be a whole number from 1 to ${MAX_LIMIT}; got ${limit}.`,
      'invalid_limit',
    );
  }
  return value;
}

export function checkColumns(spec: TableSpec, columns: readonly string[]): string[] {
  for (const column of columns) {
    if (!Object.hasOwn(spec.columns, column)) {
      throw new VisibleError(`Unknown field "${column}" in ${spec.name}.`, 'invalid_field');
    }
  }
  return [...columns];
}

export async function selectRows(
  table: Table,
  spec: TableSpec,
  filter: string | undefined,
  options: {
    columns?: string[];
    limit?: number;
    offset?: number;
    orderBy?: { column: string; ascending?: boolean };
  } = {},
): Promise<Record<string, unknown>[]> {
  let query = table.query();
  if (filter) query = query.where(filter);
  if (options.columns) query = query.select(options.columns);
  if (options.orderBy) {
    // The primary key breaks ties, so offset pages over equal values never repeat or skip a row.
    const ordering = [{ columnName: options.orderBy.column, ascending: options.orderBy.ascending ?? true }];
    if (options.orderBy.column !== spec.primaryKey)
      ordering.push({ columnName: spec.primaryKey, ascending: true });
    query = query.orderBy(ordering);
  }
  if (options.limit !== undefined) query = query.limit(options.limit);
  if (options.offset) query = query.offset(options.offset);
  const rows: Record<string, unknown>[] = [];
  for await (const batch of query) for (const row of decodeBatch(batch, spec)) rows.push(row);
  return rows;
}

/**
 * Streams rows in batches of exactly `batchSize` (the last may be smaller). LanceDB's reader applies
 * back-pressure, so a slow consumer holds at most a few batches in memory.
 */
export async function* streamRows(
  table: Table,
  spec: TableSpec,
  filter: string | undefined,
  columns: string[],
  batchSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  let query = table.query().select(columns);
  if (filter) query = query.where(filter);
  let pending: Record<string, unknown>[] = [];
  for await (const batch of query) {
    const rows = decodeBatch(batch, spec);
    for (const row of rows) {
      pending.push(row);
      if (pending.length === batchSize) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length > 0) yield pending;
}

export function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
