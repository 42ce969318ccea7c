import { describe, expect, it } from 'vitest';
import { zeroShotAlignment } from '../../shared/curate/engine/alignment.ts';
import { createDescriptorEmbedder } from '../../shared/embed/index.ts';
import type { Embedder } from '../../shared/embed/types.ts';
import { createLogger } from '../../shared/log/index.ts';

const LABELS = ['cat', 'dog', 'fox'];

/** A two-tower model in miniature: a prompt lands on the axis of the label it names, an image on its own axis. */
function axisEmbedder(modelId = 'tiny-clip'): Embedder {
  const axis = (i: number) => Float32Array.from({ length: 4 }, (_, d) => (d === i ? 1 : 0));
  return {
    modelId,
    dimension: 4,
    hasTextTower: true,
    embedImages: async () => [],
    embedTexts: async (texts) => texts.map((text) => axis(LABELS.findIndex((label) => text.includes(label)))),
    dispose: async () => {},
  };
}

function subjects(labels: (string | null)[], axes: number[]) {
  const vectors = new Float32Array(labels.length * 4);
  axes.forEach((a, i) => {
    vectors[i * 4 + a] = 1;
  });
  return { count: labels.length, dimension: 4, vectors, labels };
}

describe('zero-shot label alignment for the mislabel pass', () => {
  const log = createLogger('silent');

  it('puts each image’s probability on the label whose prompts it matches, over the dataset’s labels', async () => {
    const alignment = await zeroShotAlignment(
      axisEmbedder(),
      'tiny-clip',
      subjects(['cat', 'dog', 'cat'], [0, 1, 1]),
      log,
    );
    expect(alignment?.labels).toEqual(['cat', 'dog']);
    const row = (i: number) => Array.from(alignment?.scores.subarray(i * 2, i * 2 + 2) ?? []);
    expect(row(0)[0]).toBeGreaterThan(0.99);
    // The third image is labelled cat but looks like a dog: the alignment says so.
    expect(row(2)[1]).toBeGreaterThan(0.99);
    for (const i of [0, 1, 2]) expect(row(i)[0] + row(i)[1]).toBeCloseTo(1, 5);
  });

  it('is skipped for an image-only model, and for a model that did not embed the stored vectors', async () => {
    const lines: string[] = [];
    const warn = createLogger('warn', (line) => lines.push(line));
    const data = subjects(['cat', 'dog'], [0, 1]);
    expect(await zeroShotAlignment(createDescriptorEmbedder(), 'descriptor-v1', data, warn)).toBeUndefined();
    expect(await zeroShotAlignment(axisEmbedder('other-model'), 'tiny-clip', data, warn)).toBeUndefined();
    expect(lines.join('\n')).toMatch(/did not embed the stored vectors/);
  });
});
