import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_COLOURS, TEST_MODEL_ID } from '../../models/build-test-model.ts';
import { createEmbedder, OnnxEmbedder } from '../../shared/embed/index.ts';
import { cudaUnavailableReason } from '../../shared/embed/onnx/index.ts';
import { createPreprocessor } from '../../shared/embed/preprocess/index.ts';
import { createLogger, silentLogger } from '../../shared/log/index.ts';
import { requireInstalled } from '../../shared/models/installed.ts';
import { colourRaster, dot, norm, tempModelsDir } from './helpers.ts';

let modelsDir: string;
let cleanup: () => Promise<void>;
const options = () => ({ modelsDir, provider: 'cpu' as const, log: silentLogger });
const colours = Object.keys(TEST_COLOURS);

beforeAll(async () => {
  ({ modelsDir, cleanup } = await tempModelsDir());
});
afterAll(() => cleanup());

describe('ONNX embedder on the generated two-tower model', () => {
  it('embeds images and texts into one space, L2-normalised', async () => {
    const embedder = await createEmbedder(TEST_MODEL_ID, options());
    expect([embedder.modelId, embedder.dimension, embedder.hasTextTower]).toEqual([TEST_MODEL_ID, 32, true]);
    const images = await embedder.embedImages(colours.map((c) => colourRaster(c)));
    const texts = await embedder.embedTexts(colours.map((c) => `a photo of something ${c}`));
    for (const v of [...images, ...texts]) expect(norm(v)).toBeCloseTo(1, 5);
    // Text search: each colour prompt finds the image of that colour first.
    for (const [i, text] of texts.entries()) {
      const ranked = images
        .map((image, j) => ({ j, score: dot(text, image) }))
        .sort((a, b) => b.score - a.score);
      expect(colours[ranked[0].j]).toBe(colours[i]);
      expect(ranked[0].score).toBeGreaterThan(0.6);
    }
    await embedder.dispose();
  });

  it('normalises what the model returns raw', async () => {
    const { manifest, dir } = await requireInstalled(modelsDir, TEST_MODEL_ID);
    const embedder = await OnnxEmbedder.load(manifest, dir, { provider: 'cpu', log: silentLogger });
    const pixels = await createPreprocessor(manifest.image)([colourRaster('white')]);
    const raw = await embedder.inferImages(pixels, 1);
    expect(Math.abs(norm(raw) - 1)).toBeGreaterThan(0.01);
    const [unit] = await embedder.embedImages([colourRaster('white')]);
    expect(norm(unit)).toBeCloseTo(1, 5);
    for (let i = 0; i < unit.length; i++) expect(unit[i]).toBeCloseTo(raw[i] / norm(raw), 5);
    await embedder.dispose();
  });

  it('gives the same vectors, in order, whatever the batch size', async () => {
    const rasters = Array.from({ length: 21 }, (_, i) =>
      colourRaster(colours[i % colours.length], 80 + i, 60, i),
    );
    const { manifest, dir } = await requireInstalled(modelsDir, TEST_MODEL_ID);
    const one = await OnnxEmbedder.load(manifest, dir, { provider: 'cpu', log: silentLogger, batchSize: 1 });
    const eight = await OnnxEmbedder.load(manifest, dir, {
      provider: 'cpu',
      log: silentLogger,
      batchSize: 8,
    });
    const [a, b] = [await one.embedImages(rasters), await eight.embedImages(rasters)];
    expect(a).toHaveLength(21);
    for (let i = 0; i < 21; i++) expect(dot(a[i], b[i])).toBeCloseTo(1, 5);
    expect(await eight.embedImages([])).toEqual([]);
    await Promise.all([one.dispose(), eight.dispose()]);
  });

  it('opens the sessions once and shares them until the last user lets go', async () => {
    const load = vi.spyOn(OnnxEmbedder, 'load');
    const [a, b] = await Promise.all([
      createEmbedder(TEST_MODEL_ID, options()),
      createEmbedder(TEST_MODEL_ID, options()),
    ]);
    expect(load).toHaveBeenCalledTimes(1);
    await a.dispose();
    expect(await b.embedTexts(['red'])).toHaveLength(1);
    await b.dispose();
    const c = await createEmbedder(TEST_MODEL_ID, options());
    expect(load).toHaveBeenCalledTimes(2);
    await c.dispose();
    load.mockRestore();
  });

  it('falls back from auto to the CPU with a log line, and refuses cuda plainly when CUDA cannot load', async () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line));
    const missing = cudaUnavailableReason();
    const embedder = await createEmbedder(TEST_MODEL_ID, { modelsDir, provider: 'auto', log });
    expect(await embedder.embedImages([colourRaster('red')])).toHaveLength(1);
    await embedder.dispose();
    if (missing === undefined) {
      expect(lines.join('\n')).not.toMatch(/using the CPU/);
    } else {
      expect(lines.join('\n')).toMatch(/CUDA execution provider unavailable; using the CPU/);
      await expect(createEmbedder(TEST_MODEL_ID, { ...options(), provider: 'cuda' })).rejects.toThrow(
        /provider "cuda" was asked for but cannot start .*ONNXRUNTIME_NODE_INSTALL=cuda12/,
      );
    }
  });
});
