import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection, Table } from '@lancedb/lancedb';
import type * as arrow from 'apache-arrow';
import { errorMessage, VisibleError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { RowCache, type RowCacheLimits } from './row-cache.ts';
import type { TableSpec } from './schema.ts';
import { DatasetScope } from './scope.ts';

export interface TableContext {
  conn: Connection;
  log: Logger;
  readOnly: boolean;
  /** Records the schema version before the first table is created. */
  beforeCreate(): Promise<void>;
}

/** A table that may not exist yet: opened on first use, created on first write (by whichever writer is first). */
export class LazyTable {
  #table: Table | undefined;
  readonly scope: DatasetScope;
  /** Decoded rows of the latest version (off unless limits are given). */
  readonly cache: RowCache;

  constructor(
    private readonly ctx: TableContext,
    readonly spec: TableSpec,
    cacheLimits: RowCacheLimits = { rows: 0, vectorBytes: 0 },
  ) {
    this.scope = new DatasetScope(spec);
    this.cache = new RowCache(cacheLimits);
  }

  get name(): string {
    return this.spec.name;
  }

  async open(): Promise<Table | undefined> {
    if (this.#table) return this.#table;
    const names = await this.ctx.conn.tableNames();
    if (!names.includes(this.spec.name)) return undefined;
    try {
      this.#table = await this.ctx.conn.openTable(this.spec.name);
    } catch (error) {
      // Listed but not committed yet: another writer is creating it right now. For a reader it is not there yet.
      if (/not found/i.test(errorMessage(error))) return undefined;
      throw error;
    }
    return this.#table;
  }

  /** A separate handle on the table as it was at `version` (reads only). */
  async openAt(version: number): Promise<Table> {
    const table = await this.ctx.conn.openTable(this.spec.name);
    await table.checkout(version);
    return table;
  }

  /** The table for a delete or an update: undefined when it does not exist, refused when read-only. */
  async openForWrite(): Promise<Table | undefined> {
    if (this.ctx.readOnly) {
      throw new VisibleError('The store was opened read-only; nothing can be written to it.', 'read_only');
    }
    return this.open();
  }

  async create(schema: () => arrow.Schema): Promise<Table> {
    const existing = await this.openForWrite();
    if (existing) return existing;
    await this.ctx.beforeCreate();
    const table = await this.ctx.conn
      .createEmptyTable(this.spec.name, schema(), { mode: 'create' })
      .catch((error: unknown) => this.#createdByAnother(error));
    this.#table = table;
    return table;
  }

  /** Another writer created it between our look and our create: use theirs once its first commit lands. */
  async #createdByAnother(error: unknown): Promise<Table> {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const table = await this.open();
      if (table) return table;
      await sleep(25 * attempt);
    }
    throw error;
  }

  close(): void {
    this.cache.close();
    this.#table?.close();
    this.#table = undefined;
  }
}

/** Columns of the spec that an existing table (written by an older viscura) lacks. */
export async function missingColumns(table: Table, spec: TableSpec): Promise<string[]> {
  const present = new Set((await table.schema()).fields.map((field) => field.name));
  return Object.keys(spec.columns).filter((name) => !present.has(name));
}

/**
 * Adds the columns a newer viscura appended to a table spec (nullable text as null, others with their `fill`),
 * so a store written before them keeps working. Other kinds of new column need a real migration: refused by name.
 */
export async function addMissingColumns(table: Table, spec: TableSpec): Promise<void> {
  const missing = await missingColumns(table, spec);
  if (missing.length === 0) return;
  for (const name of missing) {
    const column = spec.columns[name];
    if (column.fill === undefined && (column.type !== 'utf8' || column.nullable !== true)) {
      throw new VisibleError(
        `The ${spec.name} table lacks column "${name}", which cannot be added in place; re-create the store.`,
        'schema_too_old',
      );
    }
  }
  // A column with a `fill` gets that value in the old rows (typicality 0.5, rank -1); text gets null.
  await table.addColumns(
    missing.map((name) => ({ name, valueSql: spec.columns[name].fill ?? 'CAST(NULL AS STRING)' })),
  );
}
