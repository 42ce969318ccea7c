import { join } from 'node:path';
import { isRemote, type ResolvedConfig } from '../../config/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import type { ViewCheck } from '../../views/index.ts';

/** After an ingest outside a curation run. */
export async function checkViewsAfterIngest(runtime: Runtime): Promise<ViewCheck[]> {
  return (await import('../../runtime/views.ts')).checkViewsAfterIngest(runtime);
}

/** A bucket key as the user can open it: a file path for a local bucket, the key inside the bucket otherwise. */
export function reportLocation(config: ResolvedConfig, key: string): string {
  const bucket = config.bucket;
  return isRemote(bucket) ? `${bucket.replace(/\/+$/, '')}/${key}` : join(bucket, ...key.split('/'));
}
