import { describe, expect, it } from 'vitest';
import { exactKnn } from '../../shared/curate/knn/index.ts';
import { projectMap } from '../../shared/curate/map/index.ts';
import { seededRandom } from '../../shared/random/seeded.ts';

/** Unit vectors around `groups` far-apart centres in 16-d: a kNN graph with one component per group. */
function groupedVectors(groups: number, perGroup: number, seed = 3): Float32Array {
  const random = seededRandom(seed);
  const d = 16;
  const data = new Float32Array(groups * perGroup * d);
  for (let g = 0; g < groups; g++) {
    for (let m = 0; m < perGroup; m++) {
      const row = (g * perGroup + m) * d;
      for (let j = 0; j < d; j++) data[row + j] = (j === g ? 4 : 0) + (random() - 0.5) * 0.6;
      let norm = 0;
      for (let j = 0; j < d; j++) norm += data[row + j] ** 2;
      for (let j = 0; j < d; j++) data[row + j] /= Math.sqrt(norm);
    }
  }
  return data;
}

const centre = (values: Float32Array, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return sum / (to - from);
};

describe('the embedding map', () => {
  it('keeps neighbourhoods: each group is tight and apart from the others, inside [0, 1]', async () => {
    const [groups, per] = [4, 60];
    const graph = await exactKnn(
      { count: groups * per, dimension: 16, data: groupedVectors(groups, per) },
      10,
      1,
    );
    const map = projectMap(graph, { epochs: 150 });
    for (const v of [...map.x, ...map.y]) expect(v >= 0 && v <= 1).toBe(true);
    const centres = Array.from({ length: groups }, (_, g) => [
      centre(map.x, g * per, (g + 1) * per),
      centre(map.y, g * per, (g + 1) * per),
    ]);
    for (let g = 0; g < groups; g++) {
      // Every member is nearer its own group's centre than any other group's.
      for (let i = g * per; i < (g + 1) * per; i++) {
        const dist = centres.map(([cx, cy]) => Math.hypot(map.x[i] - cx, map.y[i] - cy));
        expect(dist.indexOf(Math.min(...dist))).toBe(g);
      }
    }
  });

  it('repeats exactly for the same seed, and the ranks are a permutation', async () => {
    const graph = await exactKnn({ count: 80, dimension: 16, data: groupedVectors(2, 40) }, 10, 1);
    const [a, b] = [projectMap(graph, { epochs: 50 }), projectMap(graph, { epochs: 50 })];
    expect([...a.x]).toEqual([...b.x]);
    expect([...a.rank].sort((p, q) => p - q)).toEqual(Array.from({ length: 80 }, (_, i) => i));
  });

  it('places a set too small for neighbourhoods without failing', async () => {
    for (const n of [1, 2]) {
      const graph = await exactKnn({ count: n, dimension: 16, data: groupedVectors(1, n) }, 10, 1);
      const map = projectMap(graph);
      expect(map.x).toHaveLength(n);
      expect(map.parameters.method).toBe('circle');
      for (const v of map.x) expect(Number.isFinite(v)).toBe(true);
    }
  });
});
