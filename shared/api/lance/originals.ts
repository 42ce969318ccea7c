import { createHash } from 'node:crypto';
import type { ImageRow } from '../../store/index.ts';
import { ApiError } from '../errors.ts';
import type { PortContext } from './context.ts';

export type OriginalLookup =
  | { status: 'bytes'; bytes: Uint8Array }
  | { status: 'redirect'; url: string }
  | { status: 'changed' }
  | { status: 'missing' };

/**
 * The image's original from its dataset's own places, checked against what ingest stored: size and sha256
 * where the bytes pass through here, size where the bucket hands out a signed URL. A file at the key whose
 * content differs (edited since, or another dataset's file under the same key) is never served.
 */
export async function findOriginal(
  ctx: PortContext,
  image: Pick<ImageRow, 'dataset' | 'key' | 'size' | 'sha256'>,
): Promise<OriginalLookup> {
  let changed = false;
  for (const bucket of ctx.originals(image.dataset)) {
    if (bucket.url) {
      const size = await sizeOf(bucket, image.key);
      if (size === undefined) continue;
      if (size === image.size) return { status: 'redirect', url: await bucket.url(image.key, 300) };
      changed = true;
      continue;
    }
    const bytes = await bucket.get(image.key);
    if (!bytes) continue;
    if (bytes.byteLength === image.size && sha256(bytes) === image.sha256) return { status: 'bytes', bytes };
    changed = true;
  }
  return { status: changed ? 'changed' : 'missing' };
}

export function originalChanged(id: string): ApiError {
  return new ApiError(
    409,
    'original_changed',
    `The original of image ${id} changed since it was ingested (its content no longer matches the stored sha256); ingest its folder again to serve it.`,
  );
}

async function sizeOf(bucket: ReturnType<PortContext['originals']>[number], key: string) {
  for await (const entry of bucket.list(key)) if (entry.key === key) return entry.size;
  return undefined;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
