import { connect } from '@lancedb/lancedb';
import type { Runtime } from '../../shared/runtime/index.ts';

/** Data fragments of the images table, read from LanceDB itself (the store does not expose them). */
export async function imageFragments(runtime: Runtime): Promise<number> {
  const conn = await connect(runtime.config.dbUri, { storageOptions: runtime.storageOptions });
  try {
    const table = await conn.openTable('images');
    return (await table.stats()).fragmentStats.numFragments;
  } finally {
    conn.close();
  }
}
