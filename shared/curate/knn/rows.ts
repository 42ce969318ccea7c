/**
 * Writes one graph row from unsorted candidates: drops `self`, keeps the k best by similarity, ties broken by
 * the lower index so the graph does not depend on the order the native code returned equal distances in.
 */
export function writeRow(
  neighbors: Int32Array,
  similarities: Float32Array,
  row: number,
  k: number,
  self: number,
  candidates: ArrayLike<number>,
  scores: ArrayLike<number>,
  count: number,
): void {
  const base = row * k;
  let filled = 0;
  for (let c = 0; c < count; c++) {
    const j = candidates[c];
    if (j === self || j < 0) continue;
    const s = scores[c];
    if (filled === k && !before(s, j, similarities[base + k - 1], neighbors[base + k - 1])) continue;
    let r = filled < k ? filled++ : k - 1;
    while (r > 0 && before(s, j, similarities[base + r - 1], neighbors[base + r - 1])) {
      similarities[base + r] = similarities[base + r - 1];
      neighbors[base + r] = neighbors[base + r - 1];
      r--;
    }
    similarities[base + r] = s;
    neighbors[base + r] = j;
  }
  for (let r = filled; r < k; r++) {
    neighbors[base + r] = -1;
    similarities[base + r] = Number.NEGATIVE_INFINITY;
  }
}

function before(s: number, j: number, t: number, i: number): boolean {
  return s > t || (s === t && j < i);
}
