import type { Connection, Table } from '@lancedb/lancedb';
import { stringLiteral, withCommitRetry } from '../store/index.ts';
import type { Alert, SavedView } from './types.ts';

/** Three small tables beside the data: views, each view's last matches, and the alert outbox. */
const VIEWS = 'views';
const MATCHES = 'view_matches';
const ALERTS = 'view_alerts';

export const viewKey = (dataset: string, name: string) => `${dataset}.${name}`;

export class ViewRegistry {
  readonly #tables = new Map<string, Table>();
  constructor(private readonly conn: Connection) {}

  async #open(name: string, seed: Record<string, string>, create: boolean): Promise<Table | undefined> {
    const cached = this.#tables.get(name);
    if (cached) return cached;
    let table: Table | undefined;
    if ((await this.conn.tableNames()).includes(name)) table = await this.conn.openTable(name);
    else if (create) {
      // A seed row gives LanceDB the schema (all strings); it is deleted at once.
      table = await this.conn.createTable(name, [seed], { mode: 'create' }).catch(async (error) => {
        if ((await this.conn.tableNames()).includes(name)) return this.conn.openTable(name);
        throw error;
      });
      await table.delete(`${Object.keys(seed)[0]} = '_'`);
    }
    if (table) this.#tables.set(name, table);
    return table;
  }

  #views = (create = false) => this.#open(VIEWS, { id: '_', dataset: '_', body: '{}' }, create);
  #matches = (create = false) => this.#open(MATCHES, { view: '_', id: '_' }, create);
  #alerts = (create = false) =>
    this.#open(ALERTS, { id: '_', dataset: '_', status: '_', body: '{}' }, create);

  async list(dataset: string): Promise<SavedView[]> {
    const table = await this.#views();
    if (!table) return [];
    const rows = await table
      .query()
      .where(`dataset = ${stringLiteral(dataset)}`)
      .toArray();
    return rows
      .map((row) => JSON.parse(row.body as string) as SavedView)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async get(dataset: string, name: string): Promise<SavedView | undefined> {
    return (await this.list(dataset)).find((view) => view.name === name);
  }

  async add(view: SavedView): Promise<void> {
    const table = (await this.#views(true)) as Table;
    const row = { id: viewKey(view.dataset, view.name), dataset: view.dataset, body: JSON.stringify(view) };
    await withCommitRetry('save view', () => table.add([row]));
  }

  async remove(dataset: string, name: string): Promise<void> {
    const key = stringLiteral(viewKey(dataset, name));
    await (await this.#views())?.delete(`id = ${key}`);
    await (await this.#matches())?.delete(`view = ${key}`);
  }

  /** The ids the view matched at its last check. */
  async matches(dataset: string, name: string): Promise<Set<string>> {
    const table = await this.#matches();
    if (!table) return new Set();
    const rows = await table
      .query()
      .where(`view = ${stringLiteral(viewKey(dataset, name))}`)
      .select(['id'])
      .toArray();
    return new Set(rows.map((row) => row.id as string));
  }

  async setMatches(dataset: string, name: string, ids: Iterable<string>): Promise<void> {
    const view = viewKey(dataset, name);
    const table = (await this.#matches(true)) as Table;
    await withCommitRetry('record view matches', () => table.delete(`view = ${stringLiteral(view)}`));
    const rows = [...ids].map((id) => ({ view, id }));
    for (let at = 0; at < rows.length; at += 10_000) {
      const batch = rows.slice(at, at + 10_000);
      await withCommitRetry('record view matches', () => table.add(batch));
    }
  }

  /** Adds the alert unless one with its idempotency key exists: true when it was new. */
  async enqueue(alert: Alert): Promise<boolean> {
    const table = (await this.#alerts(true)) as Table;
    const before = await table.countRows(`id = ${stringLiteral(alert.id)}`);
    if (before > 0) return false;
    await withCommitRetry('queue alert', () =>
      table
        .mergeInsert('id')
        .whenNotMatchedInsertAll()
        .execute([alertRow(alert)]),
    );
    return true;
  }

  async update(alert: Alert): Promise<void> {
    const table = (await this.#alerts(true)) as Table;
    await withCommitRetry('update alert', () =>
      table
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute([alertRow(alert)]),
    );
  }

  async alerts(dataset: string, status?: Alert['status']): Promise<Alert[]> {
    const table = await this.#alerts();
    if (!table) return [];
    const conditions = [`dataset = ${stringLiteral(dataset)}`];
    if (status) conditions.push(`status = ${stringLiteral(status)}`);
    const rows = await table.query().where(conditions.join(' AND ')).toArray();
    return rows
      .map((row) => JSON.parse(row.body as string) as Alert)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  close(): void {
    for (const table of this.#tables.values()) table.close();
    this.#tables.clear();
  }
}

const alertRow = (alert: Alert) => ({
  id: alert.id,
  dataset: alert.dataset,
  status: alert.status,
  body: JSON.stringify(alert),
});
