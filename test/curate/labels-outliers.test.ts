import { describe, expect, it } from 'vitest';
import {
  findClassOutliers,
  findDatasetOutliers,
  findMislabels,
  flagged,
  neighbourhoodContrast,
  Skip,
  WEAK_CONTRAST,
} from '../../shared/curate/labels/index.ts';
import { bruteKnn, cluster, direction, normalise, random, sourceOf } from './labels-fixtures.ts';

const DIM = 16;
const SPREAD = 0.06;
const ODD_CAT = 125;
const LONER = 126;

/**
 * cat (40, index 0-39), dog (40, 40-79), and a "shoe" class with two looks: 30 sneakers (80-109) and
 * 15 boots (110-124). ODD_CAT: a cat-labelled image that is a bent version of a cat, unlike the others.
 * LONER: a dog-labelled image unlike anything.
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
    ...cluster(rand, boot, 15, SPREAD),
    oddCat,
    direction(rand, DIM),
  ];
  const labels = vectors.map((_, i) =>
    i < 40 || i === ODD_CAT ? 'cat' : i < 80 || i === LONER ? 'dog' : 'shoe',
  );
  const centres = [cat, dog, sneaker, boot];
  const ranges = [
    [0, 40],
    [40, 80],
    [80, 110],
    [110, 125],
  ];
  // The three members nearest each look's centre: what a typical member is, by construction.
  const core = ranges.flatMap(([from, to], c) =>
    Array.from({ length: to - from }, (_, j) => from + j)
      .sort((a, b) => dot(vectors[b], centres[c]) - dot(vectors[a], centres[c]))
      .slice(0, 3),
  );
  return { vectors, labels, core };
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, d) => s + x * b[d], 0);

/** Clean images flagged: the fence sits about 3 standard deviations out, so chance alone flags very few. */
function falseFlags(confidence: Float32Array): number {
  return flagged(confidence).filter((i) => i !== ODD_CAT && i !== LONER).length;
}

describe('findClassOutliers', () => {
  it('flags the image that does not look like its class and leaves typical members, smaller modes included', async () => {
    const { vectors, labels, core } = dataset();
    const scores = await findClassOutliers(bruteKnn(vectors, 10), labels, sourceOf(vectors));
    expect(scores.confidence[ODD_CAT]).toBeGreaterThan(0.9);
    expect(scores.confidence[LONER]).toBeGreaterThan(0.9);
    for (const i of core) expect(scores.confidence[i]).toBeLessThan(0.1);
    expect(falseFlags(scores.confidence)).toBeLessThanOrEqual(3);
    // The boots are a third of "shoe" and far from its centroid, yet typical among themselves.
    for (let i = 110; i < 125; i++) expect(scores.confidence[i]).toBeLessThan(0.5);
  });

  it('streams the vectors in batches, two passes, with the same answer whatever the batch size', async () => {
    const { vectors, labels } = dataset();
    const graph = bruteKnn(vectors, 10);
    const whole = await findClassOutliers(graph, labels, sourceOf(vectors, vectors.length));
    const small = sourceOf(vectors, 5);
    const batched = await findClassOutliers(graph, labels, small);
    expect(small.reads).toBe(2);
    expect(batched.confidence).toEqual(whole.confidence);
  });

  it('says clearly when the vectors and the labels do not match', async () => {
    const { vectors, labels } = dataset();
    await expect(
      findClassOutliers(bruteKnn(vectors, 10), labels, sourceOf(vectors.slice(1))),
    ).rejects.toThrow(/Got 126 vectors for 127 labels/);
  });

  it('keeps scores in [0, 1] and skips unlabelled images and classes too small to judge', async () => {
    const { vectors, labels } = dataset();
    const edited = labels.map((label, i) => (i === 0 ? null : i < 3 ? 'tiny' : label));
    const scores = await findClassOutliers(bruteKnn(vectors, 10), edited, sourceOf(vectors));
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
    const before = await findClassOutliers(bruteKnn(vectors, 10), labels, sourceOf(vectors));
    const rand = random(31);
    const extra = [0, 1, 2].flatMap(() => cluster(rand, direction(rand, DIM), 30, SPREAD));
    const all = [...vectors, ...extra];
    const after = await findClassOutliers(
      bruteKnn(all, 10),
      [...labels, ...extra.map((_, i) => `x${i % 3}`)],
      sourceOf(all),
    );
    expect(flagged(after.confidence.subarray(0, vectors.length))).toEqual(flagged(before.confidence));
  });
});

describe('findDatasetOutliers', () => {
  it('flags the image unlike anything, not the typical members of any cluster', () => {
    const { vectors, core } = dataset();
    const scores = findDatasetOutliers(bruteKnn(vectors, 10));
    expect(scores.confidence[LONER]).toBeGreaterThan(0.9);
    // Boots are a 15-image group: their tenth neighbour is farther, so only the larger looks' cores count here.
    for (const i of core.filter((i) => i < 110)) expect(scores.confidence[i]).toBeLessThan(0.1);
    expect(falseFlags(scores.confidence)).toBeLessThanOrEqual(6);
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
    expect(clear.length).toBeGreaterThan(0.9 * vectors.length);
    for (const i of clear) expect(after[i] >= 0.5).toBe(before[i] >= 0.5);
  });
});

describe('outlier confidences know when the embedding cannot judge', () => {
  it('gives no dataset outliers where images are as far from their neighbours as from any image', async () => {
    // Random directions in 64-d: every image is unlike every other, so nothing can stand out.
    const rand = random(5);
    const vectors = Array.from({ length: 80 }, () => direction(rand, 64));
    const graph = bruteKnn(vectors, 10);
    const contrast = await neighbourhoodContrast(graph, sourceOf(vectors));
    expect(contrast).toBeLessThan(WEAK_CONTRAST);
    const scores = findDatasetOutliers(graph, { contrast });
    expect(scores.judged).toBe(0);
    expect(flagged(scores.confidence)).toEqual([]);
  });

  it('judges fully where the embedding forms neighbourhoods', async () => {
    const { vectors } = dataset();
    const graph = bruteKnn(vectors, 10);
    const contrast = await neighbourhoodContrast(graph, sourceOf(vectors));
    expect(contrast).toBeGreaterThan(0.5);
    const scores = findDatasetOutliers(graph, { contrast });
    expect(scores.judged).toBe(1);
    expect(scores.confidence[LONER]).toBeGreaterThan(0.9);
  });

  it('does not call an image unlike its class when the classes are not told apart by the embedding', async () => {
    const { vectors, labels } = dataset();
    const graph = bruteKnn(vectors, 10);
    const trusted = await findClassOutliers(graph, labels, sourceOf(vectors));
    const mislabels = findMislabels(graph, labels);
    const muddled = { ...mislabels.calibration, trust: 0.1, perClass: {} };
    const scores = await findClassOutliers(graph, labels, sourceOf(vectors), { calibration: muddled });
    expect(trusted.confidence[ODD_CAT]).toBeGreaterThan(0.9);
    expect(flagged(scores.confidence)).toEqual([]);
    expect(scores.trust[ODD_CAT]).toBeCloseTo(0.1);
  });
});
