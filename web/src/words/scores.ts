/**
 * Whether a list of scores tells anything apart. Full-text matching scores every hit alike (all 1.00): a number
 * repeated on every card reads as a ranking that is not there, so such scores are not shown.
 */
export function scoresDiffer(scores: readonly number[]): boolean {
  if (scores.length === 0) return false;
  const [first] = scores;
  // The cards print two decimals: scores equal at that precision look equal.
  return scores.some((score) => Math.abs(score - first) >= 0.005);
}
