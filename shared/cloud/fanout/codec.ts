import { VisibleError } from '../../errors/index.ts';
import type { PartialGraph } from './topk.ts';

const MAGIC = 0x4e4e4b56; // "VKNN" read little-endian
const HEADER = 20;

/**
 * A shard's graph rows as one object: a 20-byte little-endian header (magic, version, start, rows, k), then
 * the neighbours (int32) and the similarities (float32), each rows x k, in the host's order (little-endian on
 * every Lambda architecture).
 */
export function encodePartial(partial: PartialGraph): Uint8Array {
  const cells = partial.rows * partial.k;
  const out = new Uint8Array(HEADER + cells * 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, 1, true);
  view.setUint32(8, partial.start, true);
  view.setUint32(12, partial.rows, true);
  view.setUint32(16, partial.k, true);
  out.set(new Uint8Array(partial.neighbors.buffer, partial.neighbors.byteOffset, cells * 4), HEADER);
  out.set(
    new Uint8Array(partial.similarities.buffer, partial.similarities.byteOffset, cells * 4),
    HEADER + cells * 4,
  );
  return out;
}

export function decodePartial(bytes: Uint8Array, key: string): PartialGraph {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== 1) {
    throw new VisibleError(
      `${key} is not a partial kNN graph written by this version of viscura.`,
      'shard_failed',
    );
  }
  const start = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const k = view.getUint32(16, true);
  const cells = rows * k;
  if (bytes.byteLength !== HEADER + cells * 8) {
    throw new VisibleError(
      `${key} holds ${bytes.byteLength} bytes, not the ${HEADER + cells * 8} its header says.`,
      'shard_failed',
    );
  }
  // Copied out, so the arrays are aligned whatever the offset of the bytes they came in.
  const body = bytes.slice(HEADER);
  return {
    start,
    rows,
    k,
    neighbors: new Int32Array(body.buffer, 0, cells),
    similarities: new Float32Array(body.buffer, cells * 4, cells),
  };
}
