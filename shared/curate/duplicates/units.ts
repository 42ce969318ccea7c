import type { DuplicateImage } from './types.ts';

/**
 * The pixel hash is a coarse fingerprint (a 6x6 grid of signs): unrelated pictures can share it. A match only
 * counts when the embeddings agree too, at a similarity that near duplicates rarely reach.
 */
export const PIXEL_MATCH_SIMILARITY = 0.99;

/**
 * Exact groups: rows with the same sha256, or the same pixel hash confirmed by `similarity` >=
 * PIXEL_MATCH_SIMILARITY against the group's first row. Returns each row's group leader (its lowest row index).
 */
export function exactUnits(
  images: readonly DuplicateImage[],
  similarity: (a: number, b: number) => number,
): Int32Array {
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
  // Per pixel hash, the first row of each confirmed group: a colliding hash starts a group of its own.
  const pixelGroups = new Map<string, number[]>();
  images.forEach((image, i) => {
    const bySha = firstSha.get(image.sha256);
    if (bySha === undefined) firstSha.set(image.sha256, i);
    else union(bySha, i);
    if (!image.pixelHash) return;
    const firsts = pixelGroups.get(image.pixelHash);
    if (!firsts) {
      pixelGroups.set(image.pixelHash, [i]);
      return;
    }
    const match = firsts.find((first) => similarity(first, i) >= PIXEL_MATCH_SIMILARITY);
    if (match === undefined) firsts.push(i);
    else union(match, i);
  });
  const leader = new Int32Array(images.length);
  for (let i = 0; i < images.length; i++) leader[i] = find(i);
  return leader;
}
