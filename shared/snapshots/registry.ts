import type { Connection, Table } from '@lancedb/lancedb';
import { VisibleError } from '../errors/index.ts';
import { stringLiteral } from '../store/filters.ts';
import type { Snapshot } from './types.ts';

const TABLE = 'snapshots';
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A snapshot name: what a LanceDB tag allows, and no dot (the tag is `<dataset>.<name>`). */
export function checkSnapshotName(name: string): string {
  if (!NAME.test(name))
    throw new VisibleError(
      `Invalid snapshot name "${name}": lower-case letters, digits, "-" and "_", 1-64 characters.`,
      'invalid_snapshot',
    );
  return name;
}

export const tagOf = (dataset: string, name: string) => `${dataset}.${name}`;

/** The list of snapshots: one small table beside the data (a row per snapshot, its versions as JSON). */
export class SnapshotRegistry {
  #table: Table | undefined;
  constructor(private readonly conn: Connection) {}

  async #open(create: boolean): Promise<Table | undefined> {
    if (this.#table) return this.#table;
    if ((await this.conn.tableNames()).includes(TABLE)) this.#table = await this.conn.openTable(TABLE);
    else if (create)
      this.#table = await this.conn
        .createTable(TABLE, [{ id: '_', dataset: '_', name: '_', body: '{}' }], {
          mode: 'create',
        })
        .then(async (table) => {
          await table.delete("id = '_'");
          return table;
        });
    return this.#table;
  }

  async list(dataset: string): Promise<Snapshot[]> {
    const table = await this.#open(false);
    if (!table) return [];
    const rows = await table
      .query()
      .where(`dataset = ${stringLiteral(dataset)}`)
      .toArray();
    return rows
      .map((row) => JSON.parse(row.body as string) as Snapshot)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  async get(dataset: string, name: string): Promise<Snapshot | undefined> {
    return (await this.list(dataset)).find((snapshot) => snapshot.name === name);
  }

  async require(dataset: string, name: string): Promise<Snapshot> {
    const found = await this.get(dataset, name);
    if (!found)
      throw new VisibleError(
        `Dataset "${dataset}" has no snapshot "${name}"; see \`viscura snapshot list\`.`,
        'not_found',
      );
    return found;
  }

  async add(snapshot: Snapshot): Promise<void> {
    const table = (await this.#open(true)) as Table;
    const row = {
      id: tagOf(snapshot.dataset, snapshot.name),
      dataset: snapshot.dataset,
      name: snapshot.name,
      body: JSON.stringify(snapshot),
    };
    await table.add([row]);
  }

  async remove(dataset: string, name: string): Promise<void> {
    const table = await this.#open(false);
    await table?.delete(`id = ${stringLiteral(tagOf(dataset, name))}`);
  }
}
