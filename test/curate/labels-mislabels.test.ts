import { describe, expect, it } from 'vitest';
import {
  findMislabels,
  flagged,
  type KnnGraph,
  Skip,
  suggestionsOf,
} from '../../shared/curate/labels/index.ts';
import { bruteKnn, cluster, direction, random } from './labels-fixtures.ts';

const DIM = 16;

/** Three tight, well separated clusters of 30 (cat, dog, bird); image 5 is a cat labelled "dog". */
function threeClusters(seed = 1) {
  const rand = random(seed);
  const names = ['cat', 'dog', 'bird'];
  const vectors = names.flatMap(() => cluster(rand, direction(rand, DIM), 30, 0.08));
  const labels: (string | null)[] = vectors.map((_, i) => names[Math.floor(i / 30)]);
  labels[5] = 'dog';
  return { vectors, labels };
}

describe('findMislabels', () => {
  it('flags a planted mislabel with the right suggestion and leaves its correct neighbours alone', () => {
    const { vectors, labels } = threeClusters();
    const scores = findMislabels(bruteKnn(vectors, 10), labels);
    expect(scores.confidence[5]).toBeGreaterThan(0.9);
    expect(suggestionsOf(scores, 5)[0]).toEqual({ label: 'cat', share: expect.closeTo(1, 5) });
    for (const i of [0, 1, 6, 29, 30, 45, 89]) expect(scores.confidence[i]).toBeLessThan(0.5);
    expect(flagged(scores.confidence)).toEqual([5]);
  });

  it('keeps every confidence and share in [0, 1]', () => {
    const rand = random(9);
    const vectors = Array.from({ length: 120 }, () => direction(rand, DIM));
    const labels = vectors.map(() => ['a', 'b', 'c', 'd'][Math.floor(rand() * 4)]);
    const scores = findMislabels(bruteKnn(vectors, 10), labels);
    for (const values of [scores.confidence, scores.givenShare, scores.suggestedShare]) {
      for (const v of values) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('never lets an image vote for itself, even when the graph lists it', () => {
    // An image labelled "dog" among cats: if its own vote counted it would support itself.
    const rand = random(3);
    const vectors = [
      ...cluster(rand, direction(rand, DIM), 12, 0.05),
      ...cluster(rand, direction(rand, DIM), 12, 0.05),
    ];
    const labels = vectors.map((_, i) => (i === 0 || i >= 12 ? 'dog' : 'cat'));
    const graph = bruteKnn(vectors, 10);
    const withSelf: KnnGraph = {
      ...graph,
      neighbors: graph.neighbors.slice(),
      similarities: graph.similarities.slice(),
    };
    withSelf.neighbors[0] = 0;
    withSelf.similarities[0] = 1;
    for (const g of [graph, withSelf]) {
      const scores = findMislabels(g, labels);
      expect(scores.confidence[0]).toBeGreaterThan(0.9);
      expect(suggestionsOf(scores, 0).map((s) => s.label)).toEqual(['cat']);
    }
  });

  it('skips unlabelled images and does not let them vote', () => {
    const { vectors, labels } = threeClusters();
    const partial = labels.map((label, i) => (i >= 30 && i < 45 ? null : label));
    const scores = findMislabels(bruteKnn(vectors, 10), partial);
    expect(scores.skip[40]).toBe(Skip.unlabelled);
    expect(scores.confidence[40]).toBe(0);
    expect(scores.confidence[5]).toBeGreaterThan(0.9);
  });

  it('does not condemn a small class for being small', () => {
    // Two "fox" images sit together inside the dog cluster: each has only one fellow member to vote for it.
    const rand = random(4);
    const dogCentre = direction(rand, DIM);
    const dogs = cluster(rand, dogCentre, 40, 0.1);
    const foxCentre = cluster(rand, dogCentre, 1, 0.15)[0];
    const foxes = cluster(rand, foxCentre, 2, 0.01);
    const cats = cluster(rand, direction(rand, DIM), 40, 0.1);
    const vectors = [...dogs, ...foxes, ...cats];
    const labels = vectors.map((_, i) => (i < 40 ? 'dog' : i < 42 ? 'fox' : 'cat'));
    const scores = findMislabels(bruteKnn(vectors, 10), labels);
    expect(scores.confidence[40]).toBeLessThan(0.5);
    expect(scores.confidence[41]).toBeLessThan(0.5);
    // The same label on two dogs that are not each other's neighbours gets no support, and is flagged.
    const graph = bruteKnn(vectors, 10);
    const far = dogs.findIndex(
      (_, j) =>
        j !== 3 &&
        !graph.neighbors.subarray(30, 40).includes(j) &&
        !graph.neighbors.subarray(j * 10, j * 10 + 10).includes(3),
    );
    const apart = vectors.map((_, i) => (i === 3 || i === far ? 'fox' : i < 42 ? 'dog' : 'cat'));
    const scattered = findMislabels(graph, apart);
    expect(scattered.confidence[3]).toBeGreaterThan(0.9);
    expect(suggestionsOf(scattered, 3)[0].label).toBe('dog');
  });

  it('keeps stable results when unrelated data is added', () => {
    const { vectors, labels } = threeClusters();
    const before = findMislabels(bruteKnn(vectors, 10), labels);
    const rand = random(77);
    const extra = [0, 1, 2, 3].flatMap(() => cluster(rand, direction(rand, DIM), 25, 0.08));
    const extraLabels = extra.map((_, i) => `other-${i % 4}`);
    const after = findMislabels(bruteKnn([...vectors, ...extra], 10), [...labels, ...extraLabels]);
    for (let i = 0; i < vectors.length; i++) {
      expect(after.confidence[i] >= 0.5).toBe(before.confidence[i] >= 0.5);
    }
    expect(after.confidence[5]).toBeCloseTo(before.confidence[5], 5);
  });

  it('moves the confidence with the zero-shot alignment: up when it prefers another label, down when it agrees', () => {
    // An ambiguous image between the cat and dog clusters, labelled dog: the vote alone is split.
    const rand = random(5);
    const cat = direction(rand, DIM);
    const dog = direction(rand, DIM);
    const middle = cat.map((x, d) => x + dog[d]);
    const vectors = [
      ...cluster(rand, cat, 20, 0.05),
      ...cluster(rand, dog, 20, 0.05),
      ...cluster(rand, middle, 1, 0.01),
    ];
    const labels = vectors.map((_, i) => (i < 20 ? 'cat' : 'dog'));
    const graph = bruteKnn(vectors, 10);
    const alignmentLabels = ['dog', 'cat', 'bird'];
    const rows = (forMiddle: number[]) =>
      Float32Array.from(
        vectors.flatMap((_, i) => (i === 40 ? forMiddle : i < 20 ? [0.1, 0.8, 0.1] : [0.8, 0.1, 0.1])),
      );
    const plain = findMislabels(graph, labels).confidence[40];
    const saysCat = findMislabels(graph, labels, {
      alignment: { labels: alignmentLabels, scores: rows([0.05, 0.9, 0.05]) },
    });
    const saysDog = findMislabels(graph, labels, {
      alignment: { labels: alignmentLabels, scores: rows([0.9, 0.05, 0.05]) },
    }).confidence[40];
    expect(saysCat.confidence[40]).toBeGreaterThan(plain);
    expect(saysCat.confidence[40] - plain).toBeGreaterThan(0.1);
    expect(saysDog).toBeLessThan(plain);
    expect(suggestionsOf(saysCat, 40)[0].label).toBe('cat');
  });

  it('does not let copies of a mislabelled image vouch for it when duplicate groups are given', () => {
    const { vectors, labels } = threeClusters();
    // Three copies of image 5 (a cat labelled "dog"), each carrying the same wrong label.
    const rand = random(8);
    const copies = cluster(rand, vectors[5], 3, 0.002);
    const all = [...vectors, ...copies];
    const allLabels = [...labels, 'dog', 'dog', 'dog'];
    const graph = bruteKnn(all, 10);
    const plain = findMislabels(graph, allLabels);
    expect(plain.confidence[5]).toBeLessThan(0.5);
    const groups = Int32Array.from(all, (_, i) => (i === 5 || i >= 90 ? 0 : -1));
    const grouped = findMislabels(graph, allLabels, { duplicateGroups: groups });
    for (const i of [5, 90, 91, 92]) {
      expect(grouped.confidence[i]).toBeGreaterThan(0.9);
      expect(suggestionsOf(grouped, i)[0].label).toBe('cat');
    }
  });

  it('counts a copy that carries another label: copies that disagree are evidence, not repetition', () => {
    const { vectors, labels } = threeClusters();
    // Image 40 (a dog, labelled dog) has one copy in its duplicate group.
    const all = [...vectors, cluster(random(9), vectors[40], 1, 0.002)[0]];
    const groups = Int32Array.from(all, (_, i) => (i === 40 || i === 90 ? 0 : -1));
    const graph = bruteKnn(all, 10);
    const agreeing = findMislabels(graph, [...labels, 'dog'], { duplicateGroups: groups });
    const disagreeing = findMislabels(graph, [...labels, 'cat'], { duplicateGroups: groups });
    expect(disagreeing.confidence[40] - agreeing.confidence[40]).toBeGreaterThan(0.05);
    expect(suggestionsOf(disagreeing, 40)[0].label).toBe('cat');
    expect(disagreeing.confidence[90]).toBeGreaterThan(0.9);
  });

  it('says clearly when the alignment does not fit the images', () => {
    const { vectors, labels } = threeClusters();
    expect(() =>
      findMislabels(bruteKnn(vectors, 10), labels, {
        alignment: { labels: ['cat'], scores: new Float32Array(3) },
      }),
    ).toThrow(/alignment must hold 90 rows/);
  });
});
