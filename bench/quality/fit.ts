/**
 * Logistic regression (Newton's method, a little L2 on standardised features) and the best-F1 cut-off, so a
 * fitted confidence is 0.5 exactly where F1 peaks on the training split.
 */

export interface Fit {
  weights: number[];
  bias: number;
}

/** Solves A x = b for a small symmetric positive-definite A (Gaussian elimination with pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Maximum-likelihood logistic fit of `y` on the rows of `x`, with ridge `lambda` on standardised weights. */
export function fitLogistic(x: number[][], y: boolean[], lambda = 1e-2): Fit {
  const d = x[0].length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j], 0) / x.length);
  const sd = Array.from({ length: d }, (_, j) =>
    Math.max(1e-9, Math.sqrt(x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / x.length)),
  );
  const z = x.map((r) => [1, ...r.map((v, j) => (v - mean[j]) / sd[j])]);
  let w = new Array<number>(d + 1).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (const [i, row] of z.entries()) {
      const p = 1 / (1 + Math.exp(-row.reduce((s, v, j) => s + v * w[j], 0)));
      const q = Math.max(1e-9, p * (1 - p));
      for (let j = 0; j <= d; j++) {
        grad[j] += (p - (y[i] ? 1 : 0)) * row[j];
        for (let k = 0; k <= d; k++) hess[j][k] += q * row[j] * row[k];
      }
    }
    for (let j = 1; j <= d; j++) {
      grad[j] += lambda * x.length * w[j];
      hess[j][j] += lambda * x.length;
    }
    const step = solve(hess, grad);
    w = w.map((v, j) => v - step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  // Back to raw feature units, so the shipped formula needs no standardisation.
  const weights = w.slice(1).map((v, j) => v / sd[j]);
  const bias = w[0] - weights.reduce((s, v, j) => s + v * mean[j], 0);
  return { weights, bias };
}

export function f1(scores: readonly number[], truth: readonly boolean[], threshold: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] >= threshold) truth[i] ? tp++ : fp++;
    else if (truth[i]) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** The cut-off with the best F1, midway between the two scores it falls between. */
export function bestThreshold(
  scores: readonly number[],
  truth: readonly boolean[],
): { threshold: number; f1: number } {
  const sorted = [...new Set(scores)].sort((a, b) => a - b);
  let best = { threshold: sorted[0], f1: -1 };
  for (let i = 0; i < sorted.length; i++) {
    const t = i === 0 ? sorted[0] : (sorted[i - 1] + sorted[i]) / 2;
    const f = f1(scores, truth, t);
    if (f > best.f1) best = { threshold: t, f1: f };
  }
  return best;
}
