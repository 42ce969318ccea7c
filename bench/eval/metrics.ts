/** Precision and recall of `score >= threshold` against the planted truth, and the threshold-free AUROC. */
export interface CheckFigures {
  check: string;
  positives: number;
  total: number;
  flagged: number;
  precision: number;
  recall: number;
  /** Harmonic mean of precision and recall (0 when nothing right was flagged). */
  f1: number;
  /** NaN where it does not apply (no positives or no negatives). */
  auroc: number;
}

export function figures(
  check: string,
  scores: ArrayLike<number>,
  truth: ArrayLike<boolean>,
  threshold = 0.5,
  include: (i: number) => boolean = () => true,
): CheckFigures {
  const s: number[] = [];
  const t: boolean[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!include(i)) continue;
    s.push(scores[i]);
    t.push(truth[i]);
  }
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < s.length; i++) {
    if (t[i]) positives++;
    if (s[i] >= threshold) t[i] ? tp++ : fp++;
  }
  return {
    check,
    positives,
    total: s.length,
    flagged: tp + fp,
    precision: tp + fp > 0 ? tp / (tp + fp) : Number.NaN,
    recall: positives > 0 ? tp / positives : Number.NaN,
    f1: positives > 0 ? (2 * tp) / (2 * tp + fp + (positives - tp)) : Number.NaN,
    auroc: auroc(s, t),
  };
}

/** Mann-Whitney AUROC with tied scores sharing their average rank. */
export function auroc(scores: readonly number[], truth: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) j++;
    const rank = (i + j + 1) / 2;
    for (let m = i; m < j; m++) {
      if (truth[order[m]]) {
        rankSum += rank;
        positives++;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const f3 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));

/** The eval's table: one line per check, columns aligned. */
export function printTable(section: string, rows: readonly CheckFigures[]): void {
  const width = Math.max(12, ...rows.map((r) => r.check.length));
  console.log(`\n${section}`);
  console.log(`${'check'.padEnd(width)}  positives / total  flagged  precision  recall     F1  AUROC`);
  for (const r of rows) {
    console.log(
      `${r.check.padEnd(width)}  ${`${r.positives} / ${r.total}`.padStart(17)}  ${String(r.flagged).padStart(7)}  ` +
        `${f3(r.precision).padStart(9)}  ${f3(r.recall).padStart(6)}  ${f3(r.f1).padStart(5)}  ${f3(r.auroc).padStart(5)}`,
    );
  }
}
