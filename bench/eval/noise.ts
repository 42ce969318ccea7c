/** Label noise injection for the eval: which labels were flipped, and to what. */
export interface NoisyLabels {
  labels: number[];
  flipped: boolean[];
}

/** Every image's label flips with probability `rate` to one of the other classes, uniformly. */
export function symmetricNoise(
  labels: ArrayLike<number>,
  classes: number,
  rate: number,
  rand: () => number,
): NoisyLabels {
  const out: number[] = [];
  const flipped: boolean[] = [];
  for (let i = 0; i < labels.length; i++) {
    const flip = rand() < rate;
    let label = labels[i];
    if (flip) {
      const other = Math.floor(rand() * (classes - 1));
      label = other >= label ? other + 1 : other;
    }
    out.push(label);
    flipped.push(flip);
  }
  return { labels: out, flipped };
}

/**
 * Realistic confusions: only classes with a look-alike partner flip, to that partner, at the rate that makes the
 * overall noise `rate` (e.g. 10% overall when 6 of 10 balanced classes have partners: 1/6 of each).
 */
export function asymmetricNoise(
  labels: ArrayLike<number>,
  partner: ReadonlyMap<number, number>,
  rate: number,
  rand: () => number,
): NoisyLabels {
  let eligible = 0;
  for (let i = 0; i < labels.length; i++) if (partner.has(labels[i])) eligible++;
  const p = Math.min(1, (rate * labels.length) / Math.max(1, eligible));
  const out: number[] = [];
  const flipped: boolean[] = [];
  for (let i = 0; i < labels.length; i++) {
    const to = partner.get(labels[i]);
    const flip = to !== undefined && rand() < p;
    out.push(flip && to !== undefined ? to : labels[i]);
    flipped.push(flip);
  }
  return { labels: out, flipped };
}
