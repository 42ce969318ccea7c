import type { FuzzyGraph } from './fuzzy.ts';

export interface LayoutOptions {
  epochs: number;
  random: () => number;
  /** The curve 1 / (1 + a d^2); umap-learn fits a = 1.577, b = 0.895 for min_dist 0.1; b = 1 avoids pow(). */
  a?: number;
  negativeSamples?: number;
}

/**
 * UMAP's layout by stochastic gradient descent (umap-learn's optimize_layout_euclidean): each edge pulls its
 * ends together as often as its weight says, and each pull comes with a few pushes away from random rows.
 * Cost: epochs x edges x (1 + negativeSamples), edges ~ 1.5 n k; memory O(n k).
 */
export function layoutGraph(graph: FuzzyGraph, n: number, options: LayoutOptions): Float32Array {
  const { epochs, random } = options;
  const a = options.a ?? 1.577;
  const negatives = options.negativeSamples ?? 5;
  const y = new Float32Array(n * 2);
  for (let i = 0; i < y.length; i++) y[i] = random() * 20 - 10;
  const { head, tail, weight } = graph;
  const most = weight.reduce((m, w) => Math.max(m, w), 0);
  const every = Float32Array.from(weight, (w) => (w >= most / epochs ? most / w : -1));
  const next = Float32Array.from(every);
  const nextNegative = Float32Array.from(every, (e) => e / negatives);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const rate = 1 - (epoch - 1) / epochs;
    for (let e = 0; e < head.length; e++) {
      if (every[e] < 0 || next[e] > epoch) continue;
      const i = head[e];
      attract(y, i, tail[e], a, rate);
      next[e] += every[e];
      const pushes = Math.floor((epoch - nextNegative[e]) / (every[e] / negatives));
      for (let p = 0; p < pushes; p++) repel(y, i, Math.floor(random() * n), a, rate);
      nextNegative[e] += pushes * (every[e] / negatives);
    }
  }
  return y;
}

const clip = (g: number) => Math.max(-4, Math.min(4, g));

function attract(y: Float32Array, i: number, j: number, a: number, rate: number): void {
  const dx = y[2 * i] - y[2 * j];
  const dy = y[2 * i + 1] - y[2 * j + 1];
  const d2 = dx * dx + dy * dy;
  if (d2 <= 0) return;
  const coef = (-2 * a) / (a * d2 + 1);
  const gx = clip(coef * dx) * rate;
  const gy = clip(coef * dy) * rate;
  y[2 * i] += gx;
  y[2 * i + 1] += gy;
  y[2 * j] -= gx;
  y[2 * j + 1] -= gy;
}

function repel(y: Float32Array, i: number, j: number, a: number, rate: number): void {
  if (i === j) return;
  const dx = y[2 * i] - y[2 * j];
  const dy = y[2 * i + 1] - y[2 * j + 1];
  const d2 = dx * dx + dy * dy;
  // Two rows on the same spot: push by the clip limit (umap-learn does the same).
  const coef = d2 > 0 ? 2 / ((0.001 + d2) * (a * d2 + 1)) : 0;
  y[2 * i] += (coef > 0 ? clip(coef * dx) : 4) * rate;
  y[2 * i + 1] += (coef > 0 ? clip(coef * dy) : 4) * rate;
}
