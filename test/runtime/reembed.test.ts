import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestModel, TEST_MODEL_ID } from '../../models/build-test-model.ts';
import { loadConfig, type ResolvedConfig } from '../../shared/config/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime } from '../../shared/runtime/index.ts';
import { reembedFolder } from '../../shared/runtime/reembed.ts';

let root: string;
let photos: string;
let modelsDir: string;
const config = (model: string): ResolvedConfig =>
  loadConfig({ env: {}, overrides: { dataDir: join(root, 'data'), modelsDir, model } });

async function ingestWith(cfg: ResolvedConfig, folder = photos) {
  const runtime = await openRuntime(cfg, silentLogger);
  try {
    return await ingestFolder(folder, runtime.ingestContext(await runtime.embedder()));
  } finally {
    await runtime.close();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'viscura-reembed-'));
  photos = join(root, 'photos');
  modelsDir = join(root, 'models');
  await mkdir(photos, { recursive: true });
  await buildTestModel(modelsDir);
  for (const [i, colour] of ['red', 'green', 'blue', 'yellow'].entries()) {
    const image = sharp({ create: { width: 120, height: 90, channels: 3, background: colour } });
    await writeFile(join(photos, `${i}-${colour}.png`), await image.png().toBuffer());
  }
  await ingestWith(config('descriptor'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('model changes', () => {
  it('refuses to mix models in one store, naming the way out', async () => {
    await expect(ingestWith(config(TEST_MODEL_ID))).rejects.toThrow(
      /viscura reembed --model viscura-test-tiny/,
    );
  });

  it('re-embeds into a staging store, resumes after an interruption, then swaps it in', async () => {
    // An interrupted run: half the images already made it into the staging store.
    const staging = `${config(TEST_MODEL_ID).dbUri}.reembed-${TEST_MODEL_ID}`;
    const half = join(root, 'half');
    await mkdir(half);
    for (const name of ['0-red.png', '1-green.png']) {
      await writeFile(join(half, name), await sharp(join(photos, name)).toBuffer());
    }
    await ingestWith({ ...config(TEST_MODEL_ID), dbUri: staging }, half);

    const result = await reembedFolder(photos, config(TEST_MODEL_ID), silentLogger);
    expect(result).toMatchObject({ from: 'descriptor-v1', to: TEST_MODEL_ID, ingested: 2, unchanged: 2 });
    expect(result.previous).toMatch(/\.previous-descriptor-v1-/);

    const runtime = await openRuntime(config(TEST_MODEL_ID), silentLogger);
    try {
      expect((await runtime.store.model())?.id).toBe(TEST_MODEL_ID);
      expect(await runtime.store.images.count('default')).toBe(4);
    } finally {
      await runtime.close();
    }
  });
});
