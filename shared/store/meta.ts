import { VisibleError } from '../errors/index.ts';
import { stringLiteral } from './filters.ts';
import { withCommitRetry } from './retry.ts';
import { arrowSchema, metaSpec } from './schema.ts';
import type { LazyTable } from './tables.ts';
import { SCHEMA_VERSION } from './types.ts';

const VERSION_KEY = 'schemaVersion';

export async function readSchemaVersion(meta: LazyTable): Promise<number | undefined> {
  const table = await meta.open();
  if (!table) return undefined;
  const rows = await table
    .query()
    .where(`key = ${stringLiteral(VERSION_KEY)}`)
    .select(['value'])
    .toArray();
  return rows.length === 0 ? undefined : Number(rows[0].value);
}

/** A store written by a newer viscura may hold columns this one would drop or misread: refuse it. */
export function checkSchemaVersion(version: number | undefined, uri: string): void {
  if (version === undefined || version <= SCHEMA_VERSION) return;
  throw new VisibleError(
    `The store at ${uri} was written by a newer viscura (store schema ${version}; this one reads up to ${SCHEMA_VERSION}). ` +
      'Upgrade viscura, or point --data at another directory.',
    'schema_too_new',
  );
}

export async function recordSchemaVersion(meta: LazyTable): Promise<void> {
  const table = await meta.create(() => arrowSchema(metaSpec));
  await withCommitRetry('record schema version', () =>
    table
      .mergeInsert('key')
      .whenNotMatchedInsertAll()
      .execute([{ key: VERSION_KEY, value: String(SCHEMA_VERSION) }]),
  );
}
