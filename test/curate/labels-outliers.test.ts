import { describe, expect, it } from 'vitest';
import { findClassOutliers, findDatasetOutliers, flagged, Skip } from '../../shared/curate/labels/index.ts';
import { bruteKnn, cluster, direction, normalise, random } from './labels-fixtures.ts';

const DIM = 16;
const SPREAD: [number, number] = [0.04, 0.08];

/**
 * cat (40, index 0-39), dog (40, 40-79), and a "shoe" class with two looks: 30 sneakers (80-109) and
 * 10 boots (110-119), each cluster with a dense core and a looser rim. Index 120: a cat-labelled image that is a bent version of a cat, unlike the others.
 * Index 121: a dog-labelled image unlike anything.
 */
function dataset(seed = 2) {
  const rand = random(seed);
  const cat = direction(rand, DIM);
  const dog = direction(rand, DIM);
  const sneaker = direction(rand, DIM);
  const boot = normalise(sneaker.map((x, d) => x + direction(rand, DIM)[d]));
  const oddCat = normalise(cat.map((x, d) => x + 0.9 * direction(rand, DIM)[d]));
  const vectors = [
    ...cluster(rand, cat, 40, SPREAD),
    ...cluster(rand, dog, 40, SPREAD),
    ...cluster(rand, sneaker, 30, SPREAD),
    ...cluster(rand, boot, 10, SPREAD),
    oddCat,
    direction(rand, DIM),
  ];
  const labels = vectors.map((_, i) => (i < 40 || i === 120 ? 'cat' : i < 80 || i === 121 ? 'dog' : 'shoe'));
  return { vectors, labels };
}

describe('findClassOutliers', () => {
  it('flags the image that does not look like its class and leaves typical members, smaller modes included', async () => {
    const { vectors, labels } = dataset();
    const scores = await findClassOutliers(bruteKnn(vectors, 10), labels, () => vectors);
    expect(scores.confidence[120]).toBeGreaterThan(0.5);
    expect(scores.confidence[121]).toBeGreaterThan(0.5);
    expect(flagged(scores.confidence).sort()).toEqual([120, 121]);
    // The boots are a tenth of "shoe" and far from its centroid, yet typical among themselves.
    for (let i = 110; i < 120; i++) expect(scores.confidence[i]).toBeLessThan(0.5);
  });

  it('reads the vectors as a stream, twice, with the same answer', async () => {
    const { vectors, labels } = dataset();
    const graph = bruteKnn(vectors, 10);
    const fromArray = await findClassOutliers(graph, labels, () => vectors);
    async function* stream() {
      for (const v of vectors) yield v;
    }
    const fromStream = await findClassOutliers(graph, labels, stream);
    expect(fromStream.confidence).toEqual(fromArray.confidence);
  });

  it('keeps scores in [0, 1] and skips unlabelled images and classes too small to judge', async () => {
    const { vectors, labels } = dataset();
    const edited = labels.map((label, i) => (i === 0 ? null : i < 3 ? 'tiny' : label));
    const scores = await findClassOutliers(bruteKnn(vectors, 10), edited, () => vectors);
    expect(scores.skip[0]).toBe(Skip.unlabelled);
    expect(scores.skip[1]).toBe(Skip.noEvidence);
    expect(scores.confidence[1]).toBe(0);
    for (const c of scores.confidence) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same verdicts when unrelated classes are added', async () => {
    const { vectors, labels } = dataset();
    const before = await findClassOutliers(bruteKnn(vectors, 10), labels, () => vectors);
    const rand = random(31);
    const extra = [0, 1, 2].flatMap(() => cluster(rand, direction(rand, DIM), 30, SPREAD));
    const all = [...vectors, ...extra];
    const after = await findClassOutliers(
      bruteKnn(all, 10),
      [...labels, ...extra.map((_, i) => `x${i % 3}`)],
      () => all,
    );
    expect(flagged(after.confidence.subarray(0, vectors.length))).toEqual(flagged(before.confidence));
  });
});

describe('findDatasetOutliers', () => {
  it('flags the image unlike anything, not the members of any cluster', () => {
    const { vectors } = dataset();
    const scores = findDatasetOutliers(bruteKnn(vectors, 10));
    expect(flagged(scores.confidence)).toContain(121);
    for (let i = 0; i < 120; i++) expect(scores.confidence[i]).toBeLessThan(0.5);
    for (const c of scores.confidence) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });

  it('keeps its clear verdicts when more ordinary data is added', () => {
    const { vectors } = dataset();
    const before = findDatasetOutliers(bruteKnn(vectors, 10)).confidence;
    const rand = random(32);
    const all = [...vectors, ...[0, 1].flatMap(() => cluster(rand, direction(rand, DIM), 40, SPREAD))];
    const after = findDatasetOutliers(bruteKnn(all, 10)).confidence;
    // The dataset's own spread moves a little with new data, so only verdicts away from the threshold must hold.
    const clear = [...before.keys()].filter((i) => before[i] < 0.2 || before[i] > 0.8);
    expect(clear.length).toBeGreaterThan(vectors.length - 5);
    for (const i of clear) expect(after[i] >= 0.5).toBe(before[i] >= 0.5);
  });
});
