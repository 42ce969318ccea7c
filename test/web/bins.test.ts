import { describe, expect, it } from 'vitest';
import { countAtOrAbove } from '../../web/src/bins.ts';

describe('"N above" from the route\'s bins', () => {
  const counts = [5, 0, 3, 2, 1, 0, 0, 4, 1, 2, 0, 0, 0, 0, 1, 0, 0, 3, 0, 6]; // 20 bins of 0.05

  it('is exact at every slider step (a bin edge): the sum of the bins from the edge up', () => {
    expect(countAtOrAbove(counts, 0)).toEqual({ count: 28, exact: true });
    expect(countAtOrAbove(counts, 0.5)).toEqual({ count: 10, exact: true });
    expect(countAtOrAbove(counts, 0.35)).toEqual({ count: 17, exact: true });
    expect(countAtOrAbove(counts, 0.95)).toEqual({ count: 6, exact: true });
  });

  it('between edges counts the cut bin pro rata and says it is approximate', () => {
    // 0.975 cuts the last bin (6 images) in half.
    expect(countAtOrAbove(counts, 0.975)).toEqual({ count: 3, exact: false });
    // The last bin holds [0.95, 1]: how many are exactly 1 is not in the bins.
    expect(countAtOrAbove(counts, 1).exact).toBe(false);
  });
});
