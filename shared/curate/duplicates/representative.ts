import type { DuplicateImage, RepresentativeCriterion } from './types.ts';

/** Keep the largest picture, then the cleanest, then the first one that arrived; the key settles the rest. */
export const DEFAULT_REPRESENTATIVE: readonly RepresentativeCriterion[] = [
  'resolution',
  'quality',
  'oldest',
  'key',
];

type Compare = (a: DuplicateImage, b: DuplicateImage) => number;

const compareBy: Record<RepresentativeCriterion, Compare> = {
  resolution: (a, b) => b.width * b.height - a.width * a.height,
  quality: (a, b) => a.quality - b.quality,
  oldest: (a, b) => a.ingestedAt - b.ingestedAt,
  newest: (a, b) => b.ingestedAt - a.ingestedAt,
  key: (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
};

/** The row of `rows` to keep: best by `criteria` in order, then by key, then the lowest row index. */
export function pickRepresentative(
  rows: readonly number[],
  images: readonly DuplicateImage[],
  criteria: readonly RepresentativeCriterion[] = DEFAULT_REPRESENTATIVE,
): number {
  const order = [...criteria, 'key' as const].map((c) => compareBy[c]);
  let best = rows[0];
  for (const row of rows.slice(1)) {
    let verdict = 0;
    for (const compare of order) {
      verdict = compare(images[row], images[best]);
      if (verdict !== 0) break;
    }
    if (verdict < 0 || (verdict === 0 && row < best)) best = row;
  }
  return best;
}
