import { z } from 'zod';
import { safeJson } from '../json/safe.ts';
import { stringLiteral } from './filters.ts';
import { withCommitRetry } from './retry.ts';
import { arrowSchema, metaSpec } from './schema.ts';
import type { LazyTable } from './tables.ts';
import type { StoreModel } from './types.ts';

/**
 * The model whose vectors were supplied with the images (bring your own embeddings), kept in the meta table:
 * the vector tables record a model's id and size but not that viscura cannot embed with it.
 */
const SUPPLIED_KEY = 'suppliedModel';

const suppliedSchema = z.object({ id: z.string().min(1), dimension: z.number().int().positive() });

export async function readSuppliedModel(meta: LazyTable): Promise<StoreModel | undefined> {
  const table = await meta.open();
  if (!table) return undefined;
  const rows = await table
    .query()
    .where(`key = ${stringLiteral(SUPPLIED_KEY)}`)
    .select(['value'])
    .toArray();
  if (rows.length === 0) return undefined;
  // A record this version cannot read is no record: the stored vectors still name their model.
  const parsed = suppliedSchema.safeParse(safeJson(String(rows[0].value)));
  return parsed.success ? parsed.data : undefined;
}

export async function recordSuppliedModel(meta: LazyTable, model: StoreModel): Promise<void> {
  const table = await meta.create(() => arrowSchema(metaSpec));
  const value = JSON.stringify({ id: model.id, dimension: model.dimension });
  await withCommitRetry('record the supplied model', () =>
    table
      .mergeInsert('key')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute([{ key: SUPPLIED_KEY, value }]),
  );
}
