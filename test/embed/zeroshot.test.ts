import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MODEL_ID } from '../../models/build-test-model.ts';
import { createEmbedder, type Embedder, labelAlignment, readableLabel } from '../../shared/embed/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { colourRaster, tempModelsDir } from './helpers.ts';

let embedder: Embedder;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const dir = await tempModelsDir();
  cleanup = dir.cleanup;
  embedder = await createEmbedder(TEST_MODEL_ID, {
    modelsDir: dir.modelsDir,
    provider: 'cpu',
    log: silentLogger,
  });
});
afterAll(async () => {
  await embedder.dispose();
  await cleanup();
});

describe('zero-shot label alignment', () => {
  it('scores correct labels high, flags a wrong one and names the label that fits', async () => {
    const truth = ['red', 'green', 'blue', 'yellow', 'red', 'green', 'blue', 'yellow'];
    const given = [...truth];
    given[4] = 'blue'; // a red image filed under blue
    given[6] = 'yellow'; // a blue image filed under yellow
    const vectors = await embedder.embedImages(truth.map((c, i) => colourRaster(c, 64, 48, i)));
    const { labels, images } = await labelAlignment(embedder, vectors, given);
    expect(labels).toEqual(['red', 'green', 'blue', 'yellow']);
    for (const i of [0, 1, 2, 3, 5, 7]) {
      expect(images[i].alignment).toBeGreaterThan(0.9);
      expect(images[i].bestLabel).toBe(given[i]);
    }
    expect(images[4]).toMatchObject({ label: 'blue', bestLabel: 'red' });
    expect(images[4].alignment).toBeLessThan(0.1);
    expect(images[6]).toMatchObject({ label: 'yellow', bestLabel: 'blue' });
    expect(images[6].alignment).toBeLessThan(0.1);
    for (const image of images) expect(image.bestProbability).toBeGreaterThanOrEqual(image.alignment ?? 0);
  });

  it('still names the best label for unlabelled images, with a null alignment', async () => {
    const vectors = await embedder.embedImages([
      colourRaster('green'),
      colourRaster('white'),
      colourRaster('white', 80, 60, 7),
    ]);
    const { images } = await labelAlignment(embedder, vectors, [null, 'white', 'green']);
    expect(images[0]).toMatchObject({ label: null, alignment: null, bestLabel: 'green' });
    expect(images[1]).toMatchObject({ label: 'white', bestLabel: 'white' });
    expect(images[2]).toMatchObject({ label: 'green', bestLabel: 'white' });
    expect(images[2].alignment).toBeLessThan(0.1);
  });

  it('reads folder-style labels as words and refuses an image-only model', async () => {
    expect(readableLabel('golden_retriever')).toBe('golden retriever');
    expect(readableLabel('hot-air--balloon')).toBe('hot air balloon');
    const descriptor = await createEmbedder('descriptor', {
      modelsDir: '/nonexistent',
      provider: 'cpu',
      log: silentLogger,
    });
    await expect(labelAlignment(descriptor, [], [])).rejects.toThrow(/needs a model with a text tower/);
  });
});
