/** How the labelled images spread over the classes (cleanlab-style imbalance figures). */
export interface ClassBalance {
  classes: number;
  largest: { label: string; images: number } | null;
  smallest: { label: string; images: number } | null;
  /** largest / smallest class size (1 = balanced); null with fewer than two classes. */
  imbalanceRatio: number | null;
  /** Shannon entropy of the class shares over log(classes), in [0, 1]: 1 = every class the same size. */
  evenness: number | null;
  /** Classes with less than half the images of an even share (1 / classes of the labelled images). */
  minority: string[];
}

/** From images per label; cost O(classes). */
export function classBalance(labels: Readonly<Record<string, number>>): ClassBalance {
  const entries = Object.entries(labels)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const classes = entries.length;
  if (classes === 0)
    return { classes, largest: null, smallest: null, imbalanceRatio: null, evenness: null, minority: [] };
  const [topLabel, top] = entries[0];
  const [lowLabel, low] = entries[classes - 1];
  const entropy = entries.reduce((sum, [, count]) => sum - (count / total) * Math.log(count / total), 0);
  const even = total / classes;
  return {
    classes,
    largest: { label: topLabel, images: top },
    smallest: { label: lowLabel, images: low },
    imbalanceRatio: classes < 2 ? null : top / low,
    evenness: classes < 2 ? null : entropy / Math.log(classes),
    minority: classes < 2 ? [] : entries.filter(([, count]) => count < even / 2).map(([label]) => label),
  };
}
