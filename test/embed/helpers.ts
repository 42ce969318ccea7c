import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestModel, TEST_COLOURS } from '../../models/build-test-model.ts';
import type { Raster } from '../../shared/media/types.ts';

/** A models folder in a temp dir holding the generated tiny model; remove it when done. */
export async function tempModelsDir(): Promise<{ modelsDir: string; cleanup: () => Promise<void> }> {
  const modelsDir = await mkdtemp(join(tmpdir(), 'viscura-models-'));
  await buildTestModel(modelsDir);
  return { modelsDir, cleanup: () => rm(modelsDir, { recursive: true, force: true }) };
}

/** A solid raster of one of the test model's named colours, with a little deterministic texture. */
export function colourRaster(
  name: keyof typeof TEST_COLOURS | string,
  width = 96,
  height = 72,
  seed = 1,
): Raster {
  const [r, g, b] = TEST_COLOURS[name];
  const data = new Uint8Array(width * height * 3);
  let state = seed;
  for (let i = 0; i < width * height; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const jitter = ((state >>> 16) % 9) - 4;
    data[i * 3] = clamp(r + jitter);
    data[i * 3 + 1] = clamp(g + jitter);
    data[i * 3 + 2] = clamp(b + jitter);
  }
  return { data, width, height };
}

const clamp = (v: number) => Math.max(0, Math.min(255, v));

export const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i], 0);
export const norm = (a: Float32Array) => Math.sqrt(dot(a, a));
