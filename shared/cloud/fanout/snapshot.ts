import pLimit from 'p-limit';
import { z } from 'zod';
import type { VectorMatrix } from '../../curate/knn/index.ts';
import { VisibleError } from '../../errors/index.ts';
import type { Bucket } from '../../store/index.ts';
import { blockKey, manifestKey } from './keys.ts';

export const snapshotManifest = z.object({
  version: z.literal(1),
  count: z.number().int().min(1),
  dimension: z.number().int().min(1),
  blockRows: z.number().int().min(1),
  blocks: z.array(z.object({ key: z.string(), start: z.number().int(), rows: z.number().int().min(1) })),
});

export type SnapshotManifest = z.infer<typeof snapshotManifest>;

/**
 * The coordinator's vectors, in blocks of rows, as the shards read them. Shards read this copy rather than
 * scanning the tables themselves: ingest may write during a run, and every shard must see the same rows in
 * the same order as the coordinator for the merged graph to line up. The manifest goes last, so its presence
 * means every block is in.
 */
export async function writeSnapshot(
  bucket: Bucket,
  prefix: string,
  matrix: VectorMatrix,
  blockRows: number,
  parallel = 4,
): Promise<SnapshotManifest> {
  const { count, dimension, data } = matrix;
  const blocks: SnapshotManifest['blocks'] = [];
  for (let start = 0, block = 0; start < count; start += blockRows, block++) {
    blocks.push({ key: blockKey(prefix, block), start, rows: Math.min(blockRows, count - start) });
  }
  const limit = pLimit(parallel);
  await Promise.all(
    blocks.map((block) =>
      limit(() => {
        const rows = data.subarray(block.start * dimension, (block.start + block.rows) * dimension);
        return bucket.put(block.key, new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
      }),
    ),
  );
  const manifest: SnapshotManifest = { version: 1, count, dimension, blockRows, blocks };
  await bucket.put(
    manifestKey(prefix),
    new TextEncoder().encode(JSON.stringify(manifest)),
    'application/json',
  );
  return manifest;
}

export async function readManifest(bucket: Bucket, prefix: string): Promise<SnapshotManifest> {
  const bytes = await bucket.get(manifestKey(prefix));
  if (!bytes) {
    throw new VisibleError(
      `No vector snapshot at ${manifestKey(prefix)}: the coordinator did not write it.`,
      'shard_failed',
    );
  }
  return snapshotManifest.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

/** One block's rows, in a buffer of their own (the native search reads from a buffer's start). */
export async function readBlock(
  bucket: Bucket,
  manifest: SnapshotManifest,
  block: number,
): Promise<Float32Array> {
  const { key, rows } = manifest.blocks[block];
  const bytes = await bucket.get(key);
  const expected = rows * manifest.dimension * 4;
  if (!bytes || bytes.byteLength !== expected) {
    throw new VisibleError(
      `Vector block ${key} holds ${bytes?.byteLength ?? 0} bytes, not ${expected}: the snapshot is incomplete.`,
      'shard_failed',
    );
  }
  const out = new Float32Array(rows * manifest.dimension);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export async function deleteSnapshot(
  bucket: Bucket,
  prefix: string,
  manifest: SnapshotManifest,
): Promise<void> {
  const limit = pLimit(8);
  await Promise.all(manifest.blocks.map((block) => limit(() => bucket.delete(block.key))));
  await bucket.delete(manifestKey(prefix));
}
