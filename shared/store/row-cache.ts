import type { Table } from '@lancedb/lancedb';
import { LRUCache } from 'lru-cache';

/** How many decoded rows (without vectors) one table keeps, and how many bytes of vectors; 0 turns that part off. */
export interface RowCacheLimits {
  rows: number;
  vectorBytes: number;
}

/**
 * ~1 KB per row held (its ~25 scalar columns decoded): ~20 MB. Vectors by their bytes, 4 per dimension: 64 MiB
 * holds 19,000 at the descriptor's 862 dimensions, 32,000 at 512, so a search's candidates (rows and vectors both
 * held, for the exact re-rank) stay in memory for datasets of that size whatever the model. About 84 MB per table
 * at most; the query Lambda has 2,048 MB.
 */
export const DEFAULT_ROW_CACHE: RowCacheLimits = { rows: 20_000, vectorBytes: 64 * 1024 * 1024 };

type Row = Record<string, unknown>;

/** A table handle checked out at one version, lent to searches; `release` when done with it. */
export interface PinnedTable {
  table: Promise<Table>;
  release(): void;
}

/** A pinned handle, the searches holding it, and whether the cache has moved past its version. */
interface Pin {
  version: number;
  table: Promise<Table>;
  users: number;
  retired: boolean;
}

function closePin(pin: Pin): void {
  pin.table.then(
    (table) => table.close(),
    () => undefined, // never opened: nothing to close
  );
}

/**
 * Decoded rows of one table at its latest version. Reading the answer's ~20 columns for the hits of a search
 * costs about as much as the search itself (each column is a separate read and decode in LanceDB), and the same
 * rows come back again and again (neighbours of neighbours, the first page of a search box), so a search reads
 * ids only and takes the rows from here. Every read first asks the table's version (~0.07 ms): any write, by this
 * process or another, moves it and empties the cache, so a row held is always the row stored.
 */
export class RowCache {
  #version = -1;
  readonly #rows: LRUCache<string, Row> | undefined;
  readonly #vectors: LRUCache<string, Float32Array> | undefined;
  /** Row id (LanceDB's `_rowid`, valid for one version) -> the row's id, for searches that read row ids only. */
  readonly #ids: LRUCache<number, string> | undefined;
  #pinned: Pin | undefined;
  /** The version check in flight, and the one queued behind it for the callers that came while it ran. */
  #asking: { table: Table; version: Promise<number> } | undefined;
  #queued: { table: Table; version: Promise<number> } | undefined;

  constructor(limits: RowCacheLimits = DEFAULT_ROW_CACHE) {
    this.#rows = limits.rows > 0 ? new LRUCache({ max: limits.rows }) : undefined;
    this.#vectors =
      limits.vectorBytes > 0
        ? new LRUCache({
            maxSize: limits.vectorBytes,
            sizeCalculation: (vector) => Math.max(1, vector.byteLength),
          })
        : undefined;
    this.#ids = limits.rows > 0 ? new LRUCache({ max: limits.rows }) : undefined;
  }

  get holdsRows(): boolean {
    return this.#rows !== undefined;
  }

  get holdsVectors(): boolean {
    return this.#vectors !== undefined;
  }

  /** The table's version now; what was held for an older one is dropped. */
  async sync(table: Table): Promise<number> {
    const version = await this.#latest(table);
    if (version !== this.#version) {
      this.#rows?.clear();
      this.#vectors?.clear();
      this.#ids?.clear();
      this.#retire(this.#pinned);
      this.#pinned = undefined;
      this.#version = version;
    }
    return version;
  }

  /**
   * The rows of these ids (without `vector` and `text`), from memory where held, the rest through `read` (which
   * must return them with every column but those two). Ids not stored are absent from the answer.
   */
  async rows(
    version: number,
    ids: readonly string[],
    read: (missing: string[]) => Promise<Row[]>,
  ): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    const missing: string[] = [];
    for (const id of ids) {
      const row = this.#rows?.get(id);
      if (row) found.set(id, row);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    for (const row of await read(missing)) {
      const { vector: _vector, text: _text, ...held } = row;
      found.set(held.id as string, held);
      // A read that raced a write may hold the newer row: kept only while the version is the one read at.
      if (version === this.#version) this.#rows?.set(held.id as string, held);
    }
    return found;
  }

  /**
   * The table's version from a check that started after this call, so no write that finished before it is
   * missed; callers that come while a check runs share the next one. Under 32 clients that is a few checks in
   * flight instead of one per read (each ~0.1 ms of CPU and a look at the table's versions on storage).
   */
  #latest(table: Table): Promise<number> {
    if (!this.#asking || this.#asking.table !== table) return this.#ask(table).version;
    if (this.#queued?.table !== table) {
      const after = this.#asking.version.then(
        () => undefined,
        () => undefined,
      );
      const queued = {
        table,
        version: after.then(() => {
          if (this.#queued === queued) this.#queued = undefined;
          return this.#ask(table).version;
        }),
      };
      this.#queued = queued;
    }
    return this.#queued.version;
  }

  #ask(table: Table): { table: Table; version: Promise<number> } {
    const asking = {
      table,
      version: table.version().finally(() => {
        if (this.#asking === asking) this.#asking = undefined;
      }),
    };
    this.#asking = asking;
    return asking;
  }

  /**
   * One row's vector, from memory where held, else through `read`. Held by dataset and id, as it was asked for:
   * an id asked for in another dataset is read (and found missing) again.
   */
  async vector(
    version: number,
    id: string,
    dataset: string,
    read: () => Promise<Float32Array | undefined>,
  ): Promise<Float32Array | undefined> {
    const key = `${dataset}\0${id}`;
    const held = this.#vectors?.get(key);
    if (held) return held;
    const vector = await read();
    if (vector && version === this.#version) this.#vectors?.set(key, vector);
    return vector;
  }

  /** The vector held for a row of `dataset` (rows are read with their dataset checked). */
  vectorOf(dataset: string, id: string): Float32Array | undefined {
    return this.#vectors?.get(`${dataset}\0${id}`);
  }

  putVector(version: number, dataset: string, id: string, vector: Float32Array): void {
    if (version === this.#version) this.#vectors?.set(`${dataset}\0${id}`, vector);
  }

  /**
   * A handle on the table checked out at `version`, opened once per version and lent until `release`. Row ids
   * are only meaningful within one version, so a search that reads row ids and the read of the rows it misses go
   * through it; and a checked-out table skips the look for a newer version that every query on the shared handle
   * makes. A handle the cache has moved past is closed once its last borrower gives it back.
   */
  pinned(version: number, open: (version: number) => Promise<Table>): PinnedTable {
    let pin: Pin;
    if (version !== this.#version) {
      // A search that raced a write: a handle of its own, closed when it is done.
      pin = { version, table: open(version), users: 0, retired: true };
    } else {
      if (this.#pinned?.version !== version) {
        this.#retire(this.#pinned);
        const fresh: Pin = { version, table: open(version), users: 0, retired: false };
        fresh.table.catch(() => {
          if (this.#pinned === fresh) this.#pinned = undefined;
        });
        this.#pinned = fresh;
      }
      pin = this.#pinned;
    }
    pin.users++;
    let released = false;
    return {
      table: pin.table,
      release: () => {
        if (released) return;
        released = true;
        pin.users--;
        if (pin.retired && pin.users === 0) closePin(pin);
      },
    };
  }

  /** Closes the pinned handle (once no search holds it); the cache itself stays usable. */
  close(): void {
    this.#retire(this.#pinned);
    this.#pinned = undefined;
  }

  #retire(pin: Pin | undefined): void {
    if (!pin) return;
    pin.retired = true;
    if (pin.users === 0) closePin(pin);
  }

  /** The row, id and vector held for a row id of the cache's version; undefined unless all three are. */
  byRowId(rowid: number): { row: Row; vector: Float32Array } | undefined {
    const id = this.#ids?.get(rowid);
    const row = id === undefined ? undefined : this.#rows?.get(id);
    const vector = row && this.vectorOf(row.dataset as string, id as string);
    return row && vector ? { row, vector } : undefined;
  }

  /** Holds a row read at `version` by its row id (the row without `vector` and `text`, its vector apart). */
  putByRowId(version: number, rowid: number, row: Row, vector: Float32Array): void {
    if (version !== this.#version) return;
    const id = row.id as string;
    this.#ids?.set(rowid, id);
    this.#rows?.set(id, row);
    this.putVector(version, row.dataset as string, id, vector);
  }
}
