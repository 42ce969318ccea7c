import { connect, type Table } from '@lancedb/lancedb';
import { VisibleError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { stringLiteral } from '../store/filters.ts';
import { diffImages } from './diff.ts';
import { checkSnapshotName, SnapshotRegistry, tagOf } from './registry.ts';
import { restoreTable } from './restore.ts';
import {
  type RestoreResult,
  SNAPSHOT_TABLES,
  type Snapshot,
  type SnapshotDiff,
  type SnapshotTable,
} from './types.ts';

export interface SnapshotOptions {
  storageOptions?: Record<string, string>;
  log: Logger;
  /** Issue thresholds for the diff (default 0.5 each). */
  thresholds?: Partial<Record<string, number>>;
}

export interface Snapshots {
  create(dataset: string, name: string): Promise<Snapshot>;
  list(dataset: string): Promise<Snapshot[]>;
  /** Changes from snapshot `from` to snapshot `to` (default: the current state). */
  diff(dataset: string, from: string, to?: string): Promise<SnapshotDiff>;
  /** Puts the dataset back as it was; a snapshot of the state before is taken first. */
  restore(dataset: string, name: string): Promise<RestoreResult>;
  delete(dataset: string, name: string): Promise<void>;
  close(): void;
}

/**
 * Named states of a dataset, made of LanceDB's own table versions: creating one tags the current version of
 * every table (no data is copied, O(1) in the dataset's size); reading one checks the tag out. What it costs is
 * retention: the tagged version, and every version written after it, stay on disk until the snapshot is deleted.
 */
export async function openSnapshots(uri: string, options: SnapshotOptions): Promise<Snapshots> {
  const conn = await connect(uri, { storageOptions: options.storageOptions, readConsistencyInterval: 0 });
  const registry = new SnapshotRegistry(conn);
  const tables = async (): Promise<Map<SnapshotTable, Table>> => {
    const names = new Set(await conn.tableNames());
    const out = new Map<SnapshotTable, Table>();
    for (const name of SNAPSHOT_TABLES) if (names.has(name)) out.set(name, await conn.openTable(name));
    return out;
  };

  const create = async (dataset: string, name: string): Promise<Snapshot> => {
    checkSnapshotName(name);
    if (await registry.get(dataset, name))
      throw new VisibleError(`Dataset "${dataset}" already has a snapshot "${name}".`, 'snapshot_exists');
    const open = await tables();
    const versions = Object.fromEntries(
      SNAPSHOT_TABLES.map((table) => [table, null]),
    ) as Snapshot['versions'];
    for (const [table, handle] of open) {
      const version = await handle.version();
      await (await handle.tags()).create(tagOf(dataset, name), version);
      versions[table] = version;
    }
    const counts = {
      images: (await open.get('images')?.countRows(`dataset = ${stringLiteral(dataset)}`)) ?? 0,
      objects: (await open.get('objects')?.countRows(`dataset = ${stringLiteral(dataset)}`)) ?? 0,
    };
    const snapshot: Snapshot = { dataset, name, createdAt: new Date().toISOString(), versions, counts };
    await registry.add(snapshot);
    options.log.info('snapshot created', { dataset, name, versions });
    return snapshot;
  };

  return {
    create,
    list: (dataset) => registry.list(dataset),
    async diff(dataset, from, to) {
      const a = await registry.require(dataset, from);
      const b = to === undefined || to === 'current' ? undefined : await registry.require(dataset, to);
      return diffImages(conn, dataset, a, b, options.thresholds ?? {});
    },
    async restore(dataset, name) {
      const snapshot = await registry.require(dataset, name);
      const undo = `before-restore-${Date.now().toString(36)}`;
      await create(dataset, undo);
      const result: RestoreResult = { dataset, name, undo, tables: {} };
      const open = await tables();
      for (const table of SNAPSHOT_TABLES) {
        const version = snapshot.versions[table];
        const handle = open.get(table);
        result.tables[table] = await restoreTable(
          conn,
          table,
          handle,
          version,
          dataset,
          tagOf(dataset, name),
        );
      }
      options.log.info('snapshot restored', { dataset, name, undo });
      return result;
    },
    async delete(dataset, name) {
      await registry.require(dataset, name);
      for (const [, handle] of await tables()) {
        const tags = await handle.tags();
        if (tagOf(dataset, name) in (await tags.list())) await tags.delete(tagOf(dataset, name));
      }
      await registry.remove(dataset, name);
    },
    close: () => conn.close(),
  };
}
