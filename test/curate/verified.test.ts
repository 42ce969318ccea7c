import { describe, expect, it } from 'vitest';
import {
  type DuplicateImage,
  findVerifiedDuplicates,
  type PairVerdict,
} from '../../shared/curate/duplicates/index.ts';
import { buildKnnGraph, inMemorySource, type VectorMatrix } from '../../shared/curate/knn/index.ts';

const DIM = 8;

/** Every row at cosine >= 0.9 from every other: all pairs are candidates, the verifier alone decides. */
function closeMatrix(count: number): VectorMatrix {
  const data = new Float32Array(count * DIM);
  for (let i = 0; i < count; i++) {
    const angle = 0.05 * i;
    data[i * DIM] = Math.cos(angle);
    data[i * DIM + 1] = Math.sin(angle);
  }
  return { count, dimension: DIM, data };
}

function image(i: number, width: number): DuplicateImage {
  return {
    id: `id${i}`,
    key: `k${i}`,
    sha256: `sha${i}`,
    pixelHash: `px${i}`,
    width,
    height: width,
    quality: 0,
    ingestedAt: 1000,
  };
}

function verdict(confidence: number | null): PairVerdict {
  return {
    confidence,
    transform: { flipped: false, scale: 1, rotation: 0, dx: 0, dy: 0 },
    coverA: 1,
    coverB: 1,
    textured: 20,
    agreeing: 20,
    ncc: 0.9,
    meanShift: 0,
    contrastRatio: 1,
  };
}

/** A verifier that answers from a table of pairs "a-b" (a < b); pairs not in it are different pictures. */
function scripted(table: Record<string, number | null>) {
  return async (a: number, b: number) => {
    const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
    return key in table ? verdict(table[key]) : verdict(0.1);
  };
}

async function run(count: number, widths: number[], table: Record<string, number | null>) {
  const matrix = closeMatrix(count);
  const { graph } = await buildKnnGraph(inMemorySource(matrix.data, DIM), { k: count - 1 });
  const images = widths.map((w, i) => image(i, w));
  return findVerifiedDuplicates(graph, matrix, images, scripted(table), {
    candidateSimilarity: 0.7,
    threshold: 0.9,
  });
}

/** What `viscura list --issue duplicates` lists at the default threshold: score >= 0.5 and not a keeper. */
const listed = (result: Awaited<ReturnType<typeof run>>) =>
  [...result.score.keys()].filter(
    (i) =>
      result.score[i] >= 0.5 &&
      !(result.clusterOf[i] >= 0 && result.clusters[result.clusterOf[i]].representative === i),
  );

describe('verified duplicate clusters', () => {
  it('keep a copy of a dropped copy (not verified against the keeper) out of the drop list', async () => {
    // 0 is the keeper (largest); 1 is its verified copy; 2 is verified only against 1, not against 0.
    const result = await run(4, [400, 200, 100, 50], { '0-1': 0.9, '1-2': 0.95, '0-2': 0.2 });
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0].representative).toBe(0);
    expect(result.clusters[0].members.map((m) => m.index).sort()).toEqual([0, 1]);
    expect(result.clusterOf[2]).toBe(-1);
    expect(result.score[2]).toBeLessThan(0.5);
    expect(result.score[1]).toBeCloseTo(0.9, 5);
    expect(listed(result)).toEqual([1]);
  });

  it('list exactly the dropped members, and never every member of a cluster', async () => {
    const table: Record<string, number> = {
      '0-1': 0.8,
      '0-2': 0.7,
      '1-2': 0.9,
      '3-4': 0.6,
      '2-5': 0.99,
      '0-5': 0.3,
    };
    const result = await run(6, [300, 200, 100, 500, 400, 10], table);
    const dropped = [...result.drop.keys()].filter((i) => result.drop[i] === 1).sort();
    expect(listed(result).sort()).toEqual(dropped);
    for (const cluster of result.clusters) {
      const members = cluster.members.map((m) => m.index);
      expect(members.filter((i) => result.drop[i] === 0)).toEqual([cluster.representative]);
      // A dropped member's score is its own pair with the keeper, not a better pair with another copy.
      for (const m of cluster.members.filter((x) => x.index !== cluster.representative))
        expect(result.score[m.index]).toBeCloseTo(table[`${cluster.representative}-${m.index}`] ?? -1, 5);
    }
  });

  it('fall back to the descriptor cut-off for a pair the verifier cannot judge', async () => {
    // Rows 0 and 1 are at cosine 0.9988 (>= 0.9): joined unverified; 0 and 3 at 0.989 too but judged different.
    const result = await run(4, [100, 90, 80, 70], { '0-1': null, '0-2': 0.1, '0-3': 0.1 });
    const cluster = result.clusters.find((c) => c.representative === 0);
    expect(cluster?.members.find((m) => m.index === 1)?.verified).toBeNull();
    expect(result.clusterOf[3]).not.toBe(result.clusterOf[0]);
    expect(result.verification.unjudged).toBeGreaterThan(0);
  });
});
