import { describe, expect, it } from 'vitest';
import { textVectorCache } from '../../shared/api/lance/text-vectors.ts';
import type { Embedder } from '../../shared/embed/types.ts';

function countingEmbedder(modelId: string, fail = false): Embedder & { calls: number } {
  const embedder = {
    modelId,
    dimension: 2,
    hasTextTower: true,
    calls: 0,
    embedImages: async () => [],
    async embedTexts(texts: string[]) {
      embedder.calls++;
      if (fail) throw new Error('tower failed');
      return texts.map((text) => Float32Array.of(text.length, 1));
    },
    dispose: async () => {},
  };
  return embedder;
}

describe('text query vectors', () => {
  it('embeds a repeated query once per model, and forgets the oldest past the bound', async () => {
    const vectors = textVectorCache(2);
    const a = countingEmbedder('a');
    const b = countingEmbedder('b');
    expect(await vectors(a, 'cat')).toEqual(Float32Array.of(3, 1));
    await vectors(a, 'cat');
    await vectors(b, 'cat');
    expect([a.calls, b.calls]).toEqual([1, 1]);
    await vectors(a, 'a dog');
    await vectors(a, 'cat');
    expect(a.calls).toBe(3);
  });

  it('does not remember a failed embedding', async () => {
    const vectors = textVectorCache();
    const broken = countingEmbedder('x', true);
    await expect(vectors(broken, 'cat')).rejects.toThrow('tower failed');
    await expect(vectors(broken, 'cat')).rejects.toThrow('tower failed');
    expect(broken.calls).toBe(2);
  });
});
