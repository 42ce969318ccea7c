/**
 * The label vote in one sentence: "7 of 10 neighbours are ‘dog’; it is labelled ‘cat’." The label counted is the
 * suggested one where the checks suggest one, else the most common among the voters.
 */
export function voteWords(
  voterLabels: string[],
  own: string | null,
  suggested: string | null,
): string | null {
  if (voterLabels.length === 0) return null;
  const counts = new Map<string, number>();
  for (const label of voterLabels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const [top] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const label = suggested && counts.has(suggested) ? suggested : top[0];
  const n = counts.get(label) ?? 0;
  const total = voterLabels.length;
  const counted =
    total === 1 ? 'Its one neighbour is' : `${n} of ${total} neighbours ${n === 1 ? 'is' : 'are'}`;
  const itself = own === null ? 'it has no label' : own === label ? 'so is it' : `it is labelled ‘${own}’`;
  return `${counted} ‘${label}’; ${itself}.`;
}
