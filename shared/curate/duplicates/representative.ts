import type { DuplicateImage, KeptBecause, RepresentativeCriterion } from './types.ts';

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

/** Negative when `a` should be kept over `b`, with the criterion that decided (undefined on a full tie). */
export function compareKeepers(
  a: DuplicateImage,
  b: DuplicateImage,
  criteria: readonly RepresentativeCriterion[] = DEFAULT_REPRESENTATIVE,
): { verdict: number; by: RepresentativeCriterion | undefined } {
  for (const criterion of [...criteria, 'key' as const]) {
    const verdict = compareBy[criterion](a, b);
    if (verdict !== 0) return { verdict, by: criterion };
  }
  return { verdict: 0, by: undefined };
}

/** The row of `rows` to keep: best by `criteria` in order, then by key, then the lowest row index. */
export function pickRepresentative(
  rows: readonly number[],
  images: readonly DuplicateImage[],
  criteria: readonly RepresentativeCriterion[] = DEFAULT_REPRESENTATIVE,
): number {
  let best = rows[0];
  for (const row of rows.slice(1)) {
    const { verdict } = compareKeepers(images[row], images[best], criteria);
    if (verdict < 0 || (verdict === 0 && row < best)) best = row;
  }
  return best;
}

/**
 * Why `keeper` won over the other rows: the last criterion of the rule that was needed to beat one of them
 * ('resolution' when it is simply the largest; 'quality' when an equally large copy was less clean; ...).
 */
export function keptBecause(
  keeper: number,
  rows: readonly number[],
  images: readonly DuplicateImage[],
  criteria: readonly RepresentativeCriterion[] = DEFAULT_REPRESENTATIVE,
): KeptBecause {
  const order = [...criteria, 'key' as const];
  let deepest = -1;
  for (const row of rows) {
    if (row === keeper) continue;
    const { by } = compareKeepers(images[keeper], images[row], criteria);
    deepest = Math.max(deepest, by === undefined ? order.length : order.indexOf(by));
  }
  if (deepest < 0) return 'only-copy';
  return deepest >= order.length ? 'identical-order' : order[deepest];
}
