import { describe, expect, it } from 'vitest';
import { syntheticSet } from '../../bench/curate/synthetic.ts';
import {
  type DuplicateImage,
  duplicateScore,
  findDuplicates,
  relativeThreshold,
} from '../../shared/curate/duplicates/index.ts';
import {
  buildKnnGraph,
  inMemorySource,
  type KnnGraph,
  type VectorMatrix,
} from '../../shared/curate/knn/index.ts';
import { isVisibleError } from '../../shared/errors/index.ts';

const DIM = 16;

/** Unit rows: each point turns `angle` radians from the x axis in the plane of axes 0 and `axis`. */
function matrixOf(points: { angle: number; axis?: number }[]): VectorMatrix {
  const data = new Float32Array(points.length * DIM);
  points.forEach(({ angle, axis = 1 }, i) => {
    data[i * DIM] = Math.cos(angle);
    data[i * DIM + axis] = Math.sin(angle);
  });
  return { count: points.length, dimension: DIM, data };
}

function image(i: number, over: Partial<DuplicateImage> = {}): DuplicateImage {
  return {
    id: `id${i}`,
    key: `k${String(i).padStart(3, '0')}`,
    sha256: `sha${i}`,
    pixelHash: `px${i}`,
    width: 100,
    height: 100,
    quality: 0,
    ingestedAt: 1000,
    ...over,
  };
}

async function graphOf(matrix: VectorMatrix, k = 5): Promise<KnnGraph> {
  return (await buildKnnGraph(inMemorySource(matrix.data, DIM), { k })).graph;
}

function cos(m: VectorMatrix, a: number, b: number): number {
  let s = 0;
  for (let d = 0; d < DIM; d++) s += m.data[a * DIM + d] * m.data[b * DIM + d];
  return s;
}

/** Angle between neighbours of a chain: cosine 0.97, above the 0.96 threshold. */
const STEP = Math.acos(0.97);

describe('duplicate clusters', () => {
  it('do not chain: a~b and b~c with a far from c never puts a and c together', async () => {
    // a, b, c on a line of 0.97 steps; a and c are at cosine 0.88. Plus two unrelated points.
    const m = matrixOf([
      { angle: 0 },
      { angle: STEP },
      { angle: 2 * STEP },
      { angle: 1.5, axis: 3 },
      { angle: 1.5, axis: 5 },
    ]);
    const result = findDuplicates(
      await graphOf(m),
      m,
      [0, 1, 2, 3, 4].map((i) => image(i)),
    );
    expect(cos(m, 0, 2)).toBeLessThan(0.96);
    expect(result.clusterOf[0] >= 0 && result.clusterOf[0] === result.clusterOf[2]).toBe(false);
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0].members.map((x) => x.index).sort()).toContain(1);
  });

  it('keep every pair of a long chain within the threshold', async () => {
    const m = matrixOf(Array.from({ length: 12 }, (_, i) => ({ angle: i * STEP * 0.5 })));
    const result = findDuplicates(
      await graphOf(m, 11),
      m,
      Array.from({ length: 12 }, (_, i) => image(i)),
    );
    // Transitive grouping (fastdup's connected components) would make one cluster of all 12.
    expect(result.clusters.length).toBeGreaterThan(1);
    for (const cluster of result.clusters) {
      const rows = cluster.members.map((x) => x.index);
      for (const a of rows) for (const b of rows) expect(cos(m, a, b)).toBeGreaterThanOrEqual(0.96 - 1e-6);
      expect(cluster.minSimilarity).toBeGreaterThanOrEqual(0.96);
    }
  });

  it('keeps the highest resolution, then the best quality, then the oldest, then the first key', async () => {
    const m = matrixOf([
      { angle: 0 },
      { angle: 0.01 },
      { angle: 0.02 },
      { angle: 0.03 },
      { angle: 1.4, axis: 4 },
    ]);
    const g = await graphOf(m);
    const keepBig = findDuplicates(g, m, [
      image(0),
      image(1, { width: 200, height: 200, quality: 0.9 }),
      image(2, { width: 200, height: 200, quality: 0.9 }),
      image(3),
      image(4),
    ]);
    // Rows 1 and 2 tie on resolution and quality: the older one wins.
    const older = findDuplicates(g, m, [
      image(0),
      image(1, { width: 200, height: 200, ingestedAt: 5 }),
      image(2, { width: 200, height: 200, ingestedAt: 3 }),
      image(3),
      image(4),
    ]);
    const cleaner = findDuplicates(g, m, [
      image(0, { quality: 0.4 }),
      image(1, { quality: 0.1 }),
      image(2, { quality: 0.7 }),
      image(3, { quality: 0.2 }),
      image(4),
    ]);
    const byKey = findDuplicates(g, m, [
      image(0, { key: 'b' }),
      image(1, { key: 'a' }),
      image(2, { key: 'c' }),
      image(3, { key: 'd' }),
      image(4),
    ]);
    const newest = findDuplicates(
      g,
      m,
      [0, 1, 2, 3, 4].map((i) => image(i, { ingestedAt: i })),
      {
        representative: ['newest'],
      },
    );
    expect(keepBig.clusters[0].representative).toBe(1);
    expect(older.clusters[0].representative).toBe(2);
    expect(cleaner.clusters[0].representative).toBe(1);
    expect(byKey.clusters[0].representative).toBe(1);
    expect(newest.clusters[0].representative).toBe(3);
    expect(keepBig.drop[1]).toBe(0);
    expect([0, 2, 3].map((i) => keepBig.drop[i])).toEqual([1, 1, 1]);
    expect(keepBig.counts).toMatchObject({ clusters: 1, nearClusters: 1, inClusters: 4, drop: 3 });
  });

  it('groups exact duplicates by content hash and by exact pixel digest only', async () => {
    // Rows 0/1 share bytes. Rows 2/3 share pixels (another container): the same exact digest.
    // Rows 5/6 share an old coarse fingerprint (no px1: prefix): that never proves the same pixels.
    const m = matrixOf([
      { angle: 0.3 },
      { angle: 0.3 },
      { angle: 1.2, axis: 2 },
      { angle: 1.2 + Math.acos(0.995), axis: 2 },
      { angle: 1.5, axis: 7 },
      { angle: 0.4, axis: 9 },
      { angle: 0.4 + Math.acos(0.5), axis: 9 },
    ]);
    const images = [
      image(0, { sha256: 'same' }),
      image(1, { sha256: 'same', width: 300 }),
      image(2, { pixelHash: 'px1:p' }),
      image(3, { pixelHash: 'px1:p' }),
      image(4),
      image(5, { pixelHash: 'collision' }),
      image(6, { pixelHash: 'collision' }),
    ];
    const result = findDuplicates(await graphOf(m), m, images);
    const bytes = result.clusters.find((c) => c.representative === 1);
    const pixels = result.clusters.find((c) => c.members.some((x) => x.index === 2));
    expect(bytes?.kind).toBe('exact');
    expect(bytes?.members).toEqual([
      { index: 1, match: 'representative', similarity: 1 },
      { index: 0, match: 'sha256', similarity: 1 },
    ]);
    expect(bytes?.keptBecause).toBe('resolution');
    expect(pixels?.members.map((x) => x.match).sort()).toEqual(['pixels', 'representative']);
    expect(result.clusterOf[4]).toBe(-1);
    expect([0, 1, 2, 3].map((i) => result.score[i])).toEqual([1, 1, 1, 1]);
    expect(result.clusterOf[5]).toBe(-1);
    expect(result.clusterOf[6]).toBe(-1);
  });

  it('scores duplicates on a graded scale: 1 same picture, 0.5 at the threshold, 0 far away', () => {
    expect(duplicateScore(1, 0.96)).toBe(1);
    expect(duplicateScore(0.9995, 0.96)).toBe(1);
    expect(duplicateScore(0.96, 0.96)).toBeCloseTo(0.5, 6);
    expect(duplicateScore(0.98, 0.96)).toBeGreaterThan(0.5);
    expect(duplicateScore(0.94, 0.96)).toBeLessThan(0.5);
    expect(duplicateScore(0.94, 0.96)).toBeGreaterThan(0);
    expect(duplicateScore(0.5, 0.96)).toBe(0);
    const ladder = [0.999, 0.99, 0.97, 0.96, 0.95, 0.93, 0.92].map((s) => duplicateScore(s, 0.96));
    expect([...ladder].sort((a, b) => b - a)).toEqual(ladder);
  });

  it('moving the threshold changes the clusters without new vectors', async () => {
    const m = matrixOf([{ angle: 0 }, { angle: Math.acos(0.95) }, { angle: 1.5, axis: 3 }]);
    const g = await graphOf(m);
    const images = [0, 1, 2].map((i) => image(i));
    expect(findDuplicates(g, m, images).clusters).toHaveLength(0);
    expect(findDuplicates(g, m, images, { threshold: 0.94 }).clusters).toHaveLength(1);
  });

  it("offers Datalab's relative rule: 0.13 x the median nearest-neighbour distance", () => {
    const graph: KnnGraph = {
      n: 3,
      k: 1,
      neighbors: Int32Array.from([1, 0, 0]),
      similarities: Float32Array.from([0.9, 0.9, 0.6]),
    };
    expect(relativeThreshold(graph)).toBeCloseTo(1 - 0.13 * 0.1, 6);
  });

  it('finds the planted copies of a synthetic set', async () => {
    const set = syntheticSet({ n: 3000, dimension: 64, clusters: 8, duplicateFraction: 0.05, seed: 11 });
    const matrix = { count: set.n, dimension: 64, data: set.vectors };
    const { graph } = await buildKnnGraph(inMemorySource(set.vectors, 64), { k: 10 });
    const images = Array.from({ length: set.n }, (_, i) =>
      image(i, { sha256: set.sha256[i], pixelHash: set.pixelHash[i] }),
    );
    const result = findDuplicates(graph, matrix, images);
    const planted = new Set(set.planted.flatMap((p) => [p.copy, p.of]));
    const found = [...result.clusterOf.keys()].filter((i) => result.clusterOf[i] >= 0);
    const hits = found.filter((i) => planted.has(i)).length;
    expect(hits / found.length).toBeGreaterThan(0.95);
    expect(hits / planted.size).toBeGreaterThan(0.95);
    for (const { copy, kind } of set.planted) {
      if (kind !== 'near') expect(result.score[copy]).toBe(1);
    }
  });

  it('refuses inputs that do not line up', async () => {
    const m = matrixOf([{ angle: 0 }, { angle: 1 }]);
    const error = (() => {
      try {
        return findDuplicates(
          { n: 2, k: 1, neighbors: Int32Array.from([1, 0]), similarities: new Float32Array(2) },
          m,
          [image(0)],
        );
      } catch (e) {
        return e;
      }
    })();
    expect(isVisibleError(error)).toBe(true);
  });
});
