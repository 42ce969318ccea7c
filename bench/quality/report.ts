/** The bench's tables: precision, recall, F1 and AUROC per method, per degradation kind, at several thresholds. */
import { auroc } from '../eval/metrics.ts';
import type { Degradation } from './dataset.ts';

export interface Method {
  name: string;
  scores: number[];
  flagged: boolean[];
}

export interface Row {
  kind: Degradation;
  hardNegative: boolean;
  truth: boolean;
}

const f3 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));

export function prf(flagged: readonly boolean[], truth: readonly boolean[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < truth.length; i++) {
    if (flagged[i]) truth[i] ? tp++ : fp++;
    else if (truth[i]) fn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : Number.NaN;
  const recall = tp + fn > 0 ? tp / (tp + fn) : Number.NaN;
  const f1 = tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
  return { precision, recall, f1 };
}

/** One line per method: P, R, F1, AUROC and false alarms on the hard negatives. */
export function summary(issue: string, rows: Row[], methods: Method[]): void {
  const truth = rows.map((r) => r.truth);
  const hard = rows.map((r, i) => (r.hardNegative && !r.truth ? i : -1)).filter((i) => i >= 0);
  console.log(
    `\n${issue}: ${truth.filter(Boolean).length} positives / ${rows.length} images, ${hard.length} hard negatives`,
  );
  console.log(`${'method'.padEnd(44)}  precision  recall     F1  AUROC  hard-negative false alarms`);
  for (const m of methods) {
    const { precision, recall, f1 } = prf(m.flagged, truth);
    const alarms = hard.filter((i) => m.flagged[i]).length;
    console.log(
      `${m.name.padEnd(44)}  ${f3(precision).padStart(9)}  ${f3(recall).padStart(6)}  ${f3(f1)}  ${f3(auroc(m.scores, truth))}  ${alarms} / ${hard.length} (${((100 * alarms) / Math.max(1, hard.length)).toFixed(1)}%)`,
    );
  }
}

/** Precision and recall of a confidence at the recall / default / precision thresholds. */
export function atThresholds(issue: string, scores: number[], truth: boolean[]): void {
  const cells = [0.3, 0.5, 0.7].map((t) => {
    const { precision, recall } = prf(
      scores.map((s) => s >= t),
      truth,
    );
    return `t=${t}: P ${f3(precision)} R ${f3(recall)}`;
  });
  console.log(`  ${issue.padEnd(7)} ${cells.join('   ')}`);
}

/** Share of each degradation kind flagged by each method ("+" marks kinds whose truth is the issue). */
export function perKind(issue: string, rows: Row[], methods: Method[]): void {
  const kinds = [...new Set(rows.map((r) => r.kind))];
  console.log(`\n${issue}, flagged share per kind (held-out split; + = issue present)`);
  console.log(
    `${'kind'.padEnd(14)} ${'n'.padStart(4)}  ${methods.map((m) => m.name.slice(0, 18).padStart(18)).join(' ')}`,
  );
  for (const kind of kinds) {
    for (const truth of [true, false]) {
      const idx = rows.map((r, i) => (r.kind === kind && r.truth === truth ? i : -1)).filter((i) => i >= 0);
      if (idx.length === 0) continue;
      const cells = methods.map((m) =>
        (idx.filter((i) => m.flagged[i]).length / idx.length).toFixed(2).padStart(18),
      );
      console.log(
        `${`${truth ? '+' : ' '}${kind}`.padEnd(14)} ${String(idx.length).padStart(4)}  ${cells.join(' ')}`,
      );
    }
  }
}
