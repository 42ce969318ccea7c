/**
 * Items at or above a threshold, from the bins alone. Bin i of n holds [i / n, (i + 1) / n) (the route rounds a
 * score as the listing does before binning it), so at a threshold on a bin edge the sum of the bins from that edge
 * up is exactly what the listing returns; the sliders move in steps of 0.05 and the route's default is 20 bins,
 * so every slider position below 1 is an edge. Between edges the bin cut through is counted pro rata: approximate.
 */
export function countAtOrAbove(
  counts: readonly number[],
  threshold: number,
): { count: number; exact: boolean } {
  const edge = Math.min(1, Math.max(0, threshold)) * counts.length;
  const nearest = Math.round(edge);
  const sum = (from: number) => counts.slice(from).reduce((total, n) => total + n, 0);
  // The last bin also holds 1, so at 1 the bins cannot tell how many are exactly 1.
  if (edge > counts.length - 1e-6) return { count: 0, exact: false };
  if (Math.abs(edge - nearest) < 1e-6) return { count: sum(nearest), exact: true };
  const cut = Math.floor(edge);
  return { count: Math.round(sum(cut + 1) + counts[cut] * (cut + 1 - edge)), exact: false };
}
