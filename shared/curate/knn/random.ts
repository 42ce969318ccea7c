export { seededRandom } from '../../random/seeded.ts';

/** `size` distinct indices of 0..n-1, in increasing order (Floyd's algorithm). */
export function sampleIndices(n: number, size: number, random: () => number): Int32Array {
  const take = Math.min(n, size);
  const chosen = new Set<number>();
  for (let j = n - take; j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from([...chosen].sort((a, b) => a - b));
}
