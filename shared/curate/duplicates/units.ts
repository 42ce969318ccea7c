import { samePixels } from '../../media/pixel-hash.ts';
import type { DuplicateImage } from './types.ts';

/**
 * Exact groups: rows with the same bytes (sha256) or the same decoded pixels (the exact pixel digest of
 * media/pixel-hash.ts; old coarse fingerprints never count). Returns each row's group leader (its lowest row).
 */
export function exactUnits(images: readonly DuplicateImage[]): Int32Array {
  const parent = Int32Array.from(images.keys());
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    while (parent[i] !== r) {
      const next = parent[i];
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstSha = new Map<string, number>();
  const firstPixels = new Map<string, number>();
  images.forEach((image, i) => {
    const bySha = firstSha.get(image.sha256);
    if (bySha === undefined) firstSha.set(image.sha256, i);
    else union(bySha, i);
    const hash = image.pixelHash;
    if (!hash || !samePixels(hash, hash)) return;
    const byPixels = firstPixels.get(hash);
    if (byPixels === undefined) firstPixels.set(hash, i);
    else union(byPixels, i);
  });
  const leader = new Int32Array(images.length);
  for (let i = 0; i < images.length; i++) leader[i] = find(i);
  return leader;
}
