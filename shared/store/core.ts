import type { Connection, Table } from '@lancedb/lancedb';
import { retryingOnce } from '../lazy/once.ts';
import type { Logger } from '../log/index.ts';
import { recordSchemaVersion } from './meta.ts';
import { withCommitRetry } from './retry.ts';
import { DEFAULT_ROW_CACHE, type RowCacheLimits } from './row-cache.ts';
import { arrowSchema, failuresSpec, imagesSpec, MODEL_METADATA, metaSpec, objectsSpec } from './schema.ts';
import { readSuppliedModel } from './supplied-model.ts';
import { addMissingColumns, LazyTable, type TableContext } from './tables.ts';
import { TextIndex } from './text-search.ts';
import type { StoreModel } from './types.ts';
import { VectorIndexer } from './vector-index.ts';
import { modelMismatch, modelOfRows, modelOfSchema, sameModel } from './vectors.ts';

/** What the table faces share: the connection, the lazily created tables, and the store's one model. */
export class StoreCore {
  readonly images: LazyTable;
  readonly objects: LazyTable;
  readonly failures: LazyTable;
  readonly meta: LazyTable;
  readonly textIndex: TextIndex;
  /** Keeps the vector indexes current as this process writes rows. */
  readonly indexer: VectorIndexer;
  readonly #recordVersion = retryingOnce(() => recordSchemaVersion(this.meta));
  /** Fixed once vectors exist: a table's vector type never changes in place. */
  #model: StoreModel | undefined;
  #supplied: { version: number; read: Promise<StoreModel | undefined> } | undefined;
  /** Tables this process has given the columns a newer viscura added (once each, before its first write). */
  readonly #upgraded = new Set<string>();

  constructor(
    readonly uri: string,
    readonly conn: Connection,
    readonly log: Logger,
    readonly readOnly: boolean,
    indexInBackground = true,
    rowCache: RowCacheLimits = DEFAULT_ROW_CACHE,
  ) {
    const ctx: TableContext = { conn, log, readOnly, beforeCreate: () => this.#recordVersion() };
    this.meta = new LazyTable({ ...ctx, beforeCreate: async () => {} }, metaSpec);
    this.images = new LazyTable(ctx, imagesSpec, rowCache);
    this.objects = new LazyTable(ctx, objectsSpec);
    this.failures = new LazyTable(ctx, failuresSpec);
    this.textIndex = new TextIndex(this);
    this.indexer = new VectorIndexer(log);
    if (readOnly || !indexInBackground) this.indexer.close();
  }

  /** Images and objects are embedded by the same model, so either table's vectors name it. */
  async model(): Promise<StoreModel | undefined> {
    if (this.#model) return this.#model;
    for (const lazy of [this.images, this.objects]) {
      const table = await lazy.open();
      this.#model = table ? modelOfSchema(await table.schema()) : undefined;
      if (this.#model) return this.#model;
    }
    return undefined;
  }

  /** The stored vectors' model when they were supplied with the images; a stale record (another model) is none. */
  async suppliedModel(): Promise<StoreModel | undefined> {
    const [stored, supplied] = await Promise.all([this.model(), this.#readSupplied()]);
    return stored && supplied && sameModel(stored, supplied) ? supplied : undefined;
  }

  /** Every text or upload search asks; the meta table's record is read again only when its version moved. */
  async #readSupplied(): Promise<StoreModel | undefined> {
    const table = await this.meta.open();
    if (!table) return undefined;
    const version = await table.version();
    if (this.#supplied?.version !== version) {
      const read = readSuppliedModel(this.meta);
      const held = { version, read };
      read.catch(() => {
        if (this.#supplied === held) this.#supplied = undefined;
      });
      this.#supplied = held;
    }
    return this.#supplied.read;
  }

  async assertModel(given: StoreModel): Promise<void> {
    const stored = await this.model();
    if (stored && !sameModel(stored, given)) throw modelMismatch(stored, given, this.uri);
  }

  /**
   * The table to write these rows' vectors to, created with their dimension and model on first write.
   * Checked again after creation: another process may have created it first, with another model.
   */
  async vectorTable(
    lazy: LazyTable,
    rows: readonly { model: string; vector: Float32Array }[],
  ): Promise<Table> {
    const given = modelOfRows(rows);
    await this.assertModel(given);
    const table = await lazy.create(() =>
      arrowSchema(lazy.spec, given.dimension, new Map([[MODEL_METADATA, given.id]])),
    );
    const stored = modelOfSchema(await table.schema());
    if (stored && !sameModel(stored, given)) throw modelMismatch(stored, given, this.uri);
    if (!this.#upgraded.has(lazy.name)) {
      await withCommitRetry(`upgrade ${lazy.name}`, () => addMissingColumns(table, lazy.spec), {
        log: this.log,
      });
      this.#upgraded.add(lazy.name);
    }
    return table;
  }

  close(): void {
    this.indexer.close();
    for (const lazy of [this.images, this.objects, this.failures, this.meta]) lazy.close();
    this.conn.close();
  }
}
