/**
 * k-fold cross-validation by source photo: every photo's copies fall in one fold, each fold is scored by a
 * method fitted on the others. One held-out split of 33 photos moves by a few hundredths when one photo changes
 * side; the mean and spread over folds say whether a change generalises.
 */
import { prf } from './report.ts';
import type { Scored } from './score.ts';

export const FOLDS = 5;

/** A method under test: fitted on `train`, it says which of `test` it flags. */
export type Judge = (train: Scored[], test: Scored[]) => boolean[];

export interface CrossValidation {
  f1: number[];
  mean: number;
  sd: number;
  /** Hard negatives flagged, over all folds, and how many there were. */
  alarms: number;
  hardNegatives: number;
}

function hash(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** Photos dealt round-robin in hash order: folds of equal size, stable across runs and machines. */
export function foldsOf(set: Scored[], k = FOLDS): Map<string, number> {
  const photos = [...new Set(set.map((s) => s.item.photo))].sort((a, b) => hash(a) - hash(b));
  return new Map(photos.map((photo, i) => [photo, i % k]));
}

export function crossValidate(
  set: Scored[],
  truth: (s: Scored) => boolean,
  judge: Judge,
  k = FOLDS,
): CrossValidation {
  const fold = foldsOf(set, k);
  const f1: number[] = [];
  let alarms = 0;
  let hardNegatives = 0;
  for (let i = 0; i < k; i++) {
    const train = set.filter((s) => fold.get(s.item.photo) !== i);
    const test = set.filter((s) => fold.get(s.item.photo) === i);
    const flagged = judge(train, test);
    f1.push(prf(flagged, test.map(truth)).f1);
    for (const [j, s] of test.entries()) {
      if (!s.item.hardNegative || truth(s)) continue;
      hardNegatives++;
      if (flagged[j]) alarms++;
    }
  }
  const mean = f1.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(f1.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
  return { f1, mean, sd, alarms, hardNegatives };
}

export function formatCv(name: string, cv: CrossValidation): string {
  return `${name.padEnd(44)}  F1 ${cv.mean.toFixed(3)} ± ${cv.sd.toFixed(3)}  (folds ${cv.f1.map((f) => f.toFixed(3)).join(' ')})  hard-negative false alarms ${cv.alarms} / ${cv.hardNegatives}`;
}
