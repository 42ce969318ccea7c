/**
 * Byte-pair merging as in CLIP's `SimpleTokenizer.bpe`: the last symbol carries the end-of-word marker, and the
 * lowest-ranked adjacent pair is merged everywhere, left to right, until no ranked pair remains.
 */
export const END_OF_WORD = '</w>';

export type MergeRanks = ReadonlyMap<string, number>;

/** Symbols never contain a space (the byte alphabet has none), so "a b" is an unambiguous pair key. */
export function pairKey(first: string, second: string): string {
  return `${first} ${second}`;
}

export function mergeWord(token: string, ranks: MergeRanks): string[] {
  const chars = Array.from(token);
  if (chars.length === 0) return [];
  let word = [...chars.slice(0, -1), chars[chars.length - 1] + END_OF_WORD];
  while (word.length > 1) {
    let best = -1;
    let bestRank = Number.POSITIVE_INFINITY;
    for (let i = 0; i < word.length - 1; i++) {
      const rank = ranks.get(pairKey(word[i], word[i + 1]));
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (best < 0) break;
    const first = word[best];
    const second = word[best + 1];
    const merged: string[] = [];
    for (let i = 0; i < word.length; i++) {
      if (i < word.length - 1 && word[i] === first && word[i + 1] === second) {
        merged.push(first + second);
        i++;
      } else {
        merged.push(word[i]);
      }
    }
    word = merged;
  }
  return word;
}
