/** Scores of one method's clusters against the bench set's truth. */
import type { BenchItem, BenchSet } from './dataset.ts';

export interface Clustering {
  /** Keeper row per cluster and its members (keeper included). */
  clusters: { keeper: number; members: number[] }[];
  /** Each copy's best match by the method's own score (top-1 retrieval), -1 when none. */
  nearest: Int32Array;
}

export interface Scores {
  recall: number;
  perTransform: Map<string, number>;
  /** Of all (keeper, dropped member) pairs: the share that are the same picture. */
  pairPrecision: number;
  pairs: number;
  /** Mean over clusters of the share of members from the keeper's photo. */
  purity: number;
  top1: number;
  /** Hard negatives put together: keeper and member from the "apart" pairs, the stereo pair, two textures. */
  hardNegativesJoined: number;
}

export function score(set: BenchSet, method: Clustering): Scores {
  const { items } = set;
  const clusterOf = new Int32Array(items.length).fill(-1);
  method.clusters.forEach((c, id) => {
    for (const m of c.members) clusterOf[m] = id;
  });
  const originalOf = new Map<string, number>();
  items.forEach((item, i) => {
    if (item.role === 'original') originalOf.set(item.source, i);
  });
  const apart = new Set(set.apart.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
  const perTransform = new Map<string, { hit: number; all: number }>();
  let hits = 0;
  let copies = 0;
  let top1 = 0;
  items.forEach((item, i) => {
    if (item.role !== 'copy') return;
    const original = originalOf.get(item.source) as number;
    const hit = clusterOf[i] >= 0 && clusterOf[i] === clusterOf[original];
    const entry = perTransform.get(item.transform) ?? { hit: 0, all: 0 };
    entry.all++;
    if (hit) entry.hit++;
    perTransform.set(item.transform, entry);
    copies++;
    if (hit) hits++;
    const best = method.nearest[i];
    if (best >= 0 && items[best].source === item.source) top1++;
  });
  let good = 0;
  let pairs = 0;
  let purity = 0;
  let hardNegativesJoined = 0;
  for (const c of method.clusters) {
    const keeper = items[c.keeper];
    let same = 0;
    for (const m of c.members) {
      if (m === c.keeper) {
        same++;
        continue;
      }
      pairs++;
      const ok = samePicture(keeper, items[m], apart);
      if (ok) good++;
      if (items[m].source === keeper.source) same++;
      if (!ok && hardNegative(keeper, items[m], apart)) hardNegativesJoined++;
    }
    purity += same / c.members.length;
  }
  return {
    recall: hits / copies,
    perTransform: new Map([...perTransform].map(([name, e]) => [name, e.hit / e.all])),
    pairPrecision: pairs === 0 ? 1 : good / pairs,
    pairs,
    purity: method.clusters.length === 0 ? 1 : purity / method.clusters.length,
    top1: top1 / copies,
    hardNegativesJoined,
  };
}

function samePicture(a: BenchItem, b: BenchItem, apart: Set<string>): boolean {
  return a.source === b.source && !apart.has(`${a.key}|${b.key}`);
}

function hardNegative(a: BenchItem, b: BenchItem, apart: Set<string>): boolean {
  return (
    apart.has(`${a.key}|${b.key}`) ||
    a.role === 'other-viewpoint' ||
    b.role === 'other-viewpoint' ||
    (a.texture && b.texture)
  );
}
