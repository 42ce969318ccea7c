import { seededRandom } from '../../random/seeded.ts';
import type { KnnGraph } from '../knn/index.ts';
import { fuzzyGraph } from './fuzzy.ts';
import { layoutGraph } from './layout.ts';

/** Where each subject sits on the embedding map, in [0, 1] on both axes (aspect kept), plus a sample order. */
export interface MapLayout {
  x: Float32Array;
  y: Float32Array;
  /** A seeded permutation: rows with rank < N are a uniform sample of N rows (what the page draws above 100k). */
  rank: Int32Array;
  parameters: { method: string; epochs: number; neighbours: number; minDist: number };
}

export interface MapOptions {
  seed?: number;
  /** Optimisation epochs; default 200 (umap-learn's for large sets). */
  epochs?: number;
}

/**
 * UMAP over the kNN graph the curation already built (no second neighbour search): the fuzzy graph, then its
 * layout. Cost grows as n x k x epochs (docs/explorer-map.md has the measurements and why not umap-js).
 */
export function projectMap(graph: KnnGraph, options: MapOptions = {}): MapLayout {
  const { n } = graph;
  const random = seededRandom(options.seed ?? 42);
  const rank = sampleRanks(n, random);
  const neighbours = Math.min(graph.k, n - 1);
  const epochs = options.epochs ?? 200;
  const parameters = { method: 'umap', epochs, neighbours, minDist: 0.1 };
  // A handful of rows has no neighbourhood to lay out: they go on a circle.
  if (neighbours < 2)
    return { ...circle(n), rank, parameters: { ...parameters, method: 'circle', epochs: 0 } };
  const layout = layoutGraph(fuzzyGraph(graph), n, { epochs, random });
  return { ...normalise(layout), rank, parameters };
}

function sampleRanks(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]] = r;
  return rank;
}

function circle(n: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    x[i] = n === 1 ? 0.5 : 0.5 + 0.4 * Math.cos(angle);
    y[i] = n === 1 ? 0.5 : 0.5 + 0.4 * Math.sin(angle);
  }
  return { x, y };
}

/** Into [0, 1] with the aspect kept (the longer side spans it, the shorter is centred). */
function normalise(points: Float32Array): { x: Float32Array; y: Float32Array } {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const n = points.length / 2;
  for (let i = 0; i < n; i++) {
    const [px, py] = [points[2 * i], points[2 * i + 1]];
    minX = Math.min(minX, px);
    maxX = Math.max(maxX, px);
    minY = Math.min(minY, py);
    maxY = Math.max(maxY, py);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const offX = (1 - (maxX - minX) / span) / 2;
  const offY = (1 - (maxY - minY) / span) / 2;
  const x = Float32Array.from({ length: n }, (_, i) => offX + (points[2 * i] - minX) / span);
  const y = Float32Array.from({ length: n }, (_, i) => offY + (points[2 * i + 1] - minY) / span);
  return { x, y };
}
