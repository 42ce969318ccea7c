import { describe, expect, it } from 'vitest';
import {
  calibrate,
  describeCalibration,
  findMislabels,
  flagged,
  labelHealth,
  Skip,
} from '../../shared/curate/labels/index.ts';
import { bruteKnn, cluster, direction, random } from './labels-fixtures.ts';

const DIM = 16;

/** Four tight classes of 25; images 3 and 30 carry the wrong label. */
function separable() {
  const rand = random(21);
  const names = ['cat', 'dog', 'bird', 'fish'];
  const vectors = names.flatMap(() => cluster(rand, direction(rand, DIM), 25, 0.08));
  const labels: string[] = vectors.map((_, i) => names[Math.floor(i / 25)]);
  labels[3] = 'dog';
  labels[30] = 'bird';
  return { vectors, labels };
}

/** Vectors with no relation to their labels: what a colour-and-texture descriptor gives for subject classes. */
function unrelated(n = 120) {
  const rand = random(5);
  const vectors = Array.from({ length: n }, () => direction(rand, DIM));
  const labels = vectors.map(() => ['animal', 'person', 'plant', 'landscape'][Math.floor(rand() * 4)]);
  return { vectors, labels };
}

describe('label calibration', () => {
  it('trusts a vote that predicts the labels and finds the planted mislabels, only them', () => {
    const { vectors, labels } = separable();
    const scores = findMislabels(bruteKnn(vectors, 10), labels);
    expect(scores.calibration.accuracy).toBeGreaterThan(0.9);
    expect(scores.calibration.trust).toBeGreaterThan(0.8);
    expect(flagged(scores.confidence).sort((a, b) => a - b)).toEqual([3, 30]);
    expect(describeCalibration(scores.calibration)).toMatch(/^Labels are predictable/);
  });

  it('flags nothing where the embedding does not predict the labels, and says so with the figures', () => {
    const { vectors, labels } = unrelated();
    const scores = findMislabels(bruteKnn(vectors, 10), labels);
    // The plain vote calls many of them mislabels; the calibrated confidence does not.
    expect(flagged(scores.rawConfidence).length).toBeGreaterThan(10);
    expect(flagged(scores.confidence)).toEqual([]);
    expect(scores.calibration.trust).toBeLessThan(0.3);
    expect(describeCalibration(scores.calibration)).toMatch(
      /^Labels are not predictable from this model's embeddings \(kNN accuracy \d+% vs \d+% by chance\).*viscura models pull/,
    );
  });

  it('does not judge a label used once: a new class is not a mislabel', () => {
    const { vectors, labels } = separable();
    const withNew = [...labels];
    withNew[60] = 'axolotl';
    const scores = findMislabels(bruteKnn(vectors, 10), withNew);
    expect(scores.skip[60]).toBe(Skip.noEvidence);
    expect(scores.confidence[60]).toBe(0);
  });

  it('judges with a given calibration instead of its own (an incremental run uses the full run\u2019s)', () => {
    const { vectors, labels } = separable();
    const graph = bruteKnn(vectors, 10);
    const untrusted = calibrate(new Int32Array(0), new Int32Array(0), ['cat', 'dog', 'bird', 'fish']);
    const scores = findMislabels(graph, labels, { calibration: untrusted });
    expect(scores.calibration).toBe(untrusted);
    // Nothing judged: chance is 1 and trust 0, never 0 / 0 (the calibration is parsed again downstream).
    expect(untrusted.chance).toBe(1);
    expect(untrusted.trust).toBe(0);
    expect(scores.rawConfidence[3]).toBeGreaterThan(0.9);
    expect(scores.confidence[3]).toBe(0);
  });

  it('summarises label health per class: issue share, sizes, confused pairs, singletons', () => {
    const { vectors, labels } = separable();
    const withNew = [...labels];
    withNew[60] = 'axolotl';
    const health = labelHealth(withNew, findMislabels(bruteKnn(vectors, 10), withNew), 0.5);
    expect(health.labelled).toBe(100);
    expect(health.flagged).toBe(2);
    const dog = health.classes.find((c) => c.label === 'dog');
    // Image 3 (a cat) joined "dog" and image 30 (a dog) left it: 25, one of them flagged.
    expect(dog).toMatchObject({ size: 25, flagged: 1 });
    expect(dog?.issueShare).toBeGreaterThan(0.02);
    expect(health.classes.find((c) => c.label === 'fish')?.flagged).toBe(0);
    const pairs = health.confusedPairs.map((p) => [p.a, p.b].sort().join('/'));
    expect(pairs.slice(0, 2).sort()).toEqual(['bird/dog', 'cat/dog']);
    expect(health.singletons).toEqual(['axolotl']);
    expect(health.healthScore).toBeGreaterThan(0.95);
  });

  it('gives no health score where labels are not checked', () => {
    const { vectors, labels } = unrelated();
    const health = labelHealth(labels, findMislabels(bruteKnn(vectors, 10), labels), 0.5);
    expect(health.separability).toBe('unpredictable');
    expect(health.healthScore).toBeNull();
    expect(health.flagged).toBe(0);
  });
});
