import type { DuplicateImage } from './types.ts';

/**
 * Exact groups: rows with the same sha256 or the same pixel hash. Equality is transitive, so these groups cannot
 * chain the way similarity does. Returns each row's group leader (its lowest row index).
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
    if (!image.pixelHash) return;
    const byPixels = firstPixels.get(image.pixelHash);
    if (byPixels === undefined) firstPixels.set(image.pixelHash, i);
    else union(byPixels, i);
  });
  const leader = new Int32Array(images.length);
  for (let i = 0; i < images.length; i++) leader[i] = find(i);
  return leader;
}
