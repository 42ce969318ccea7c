import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MODEL_ID } from '../../models/build-test-model.ts';
import { assertSameModel, createEmbedder, DESCRIPTOR_MODEL_ID } from '../../shared/embed/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { colourRaster, tempModelsDir } from './helpers.ts';

let modelsDir: string;
let catalogDir: string;
let cleanup: () => Promise<void>;

const remote = {
  manifestVersion: 1,
  id: 'remote-clip',
  name: 'A catalog model that is not installed',
  family: 'clip',
  licence: 'MIT',
  dimension: 512,
  image: {
    file: 'visual.onnx',
    input: 'input',
    output: 'output',
    size: 224,
    mean: [0.5, 0.5, 0.5],
    std: [0.5, 0.5, 0.5],
  },
  files: [{ path: 'visual.onnx', url: 'https://example.invalid/visual.onnx', bytes: 100, sha256: null }],
};

beforeAll(async () => {
  ({ modelsDir, cleanup } = await tempModelsDir());
  catalogDir = await mkdtemp(join(tmpdir(), 'viscura-catalog-'));
  await writeFile(join(catalogDir, 'remote-clip.json'), JSON.stringify(remote));
});
afterAll(async () => {
  await cleanup();
  await rm(catalogDir, { recursive: true, force: true });
});

const options = () => ({ modelsDir, catalogDir, provider: 'cpu' as const, log: silentLogger });

describe('createEmbedder', () => {
  it('gives the built-in descriptor for "descriptor" and its recorded id', async () => {
    for (const id of ['descriptor', DESCRIPTOR_MODEL_ID]) {
      const embedder = await createEmbedder(id, options());
      expect(embedder.modelId).toBe(DESCRIPTOR_MODEL_ID);
      expect(embedder.hasTextTower).toBe(false);
      await expect(embedder.embedTexts(['red'])).rejects.toThrow(/needs a text-capable model/);
    }
  });

  it('loads an installed manifest as an ONNX embedder', async () => {
    const embedder = await createEmbedder(TEST_MODEL_ID, options());
    expect(embedder.modelId).toBe(TEST_MODEL_ID);
    expect(await embedder.embedImages([colourRaster('green')])).toHaveLength(1);
    await embedder.dispose();
  });

  it('tells the user to pull a catalog model that is not installed', async () => {
    await expect(createEmbedder('remote-clip', options())).rejects.toThrow(
      "Model 'remote-clip' is not installed: run `viscura models pull remote-clip`.",
    );
  });

  it('names the known models for an unknown id', async () => {
    await expect(createEmbedder('no-such-model', options())).rejects.toThrow(
      /Unknown model 'no-such-model' \(known: descriptor, remote-clip, viscura-test-tiny\)/,
    );
  });

  it('treats a model with a missing file as not installed', async () => {
    const copy = join(modelsDir, 'broken-copy');
    await mkdir(copy, { recursive: true });
    const manifest = JSON.parse(await readFile(join(modelsDir, TEST_MODEL_ID, 'manifest.json'), 'utf8'));
    await writeFile(join(copy, 'manifest.json'), JSON.stringify({ ...manifest, id: 'broken-copy' }));
    await expect(createEmbedder('broken-copy', options())).rejects.toThrow(
      /Model 'broken-copy' is not installed \(missing or incomplete: image\.onnx, text\.onnx, bpe_simple_vocab_16e6\.txt\.gz\): run `viscura models pull broken-copy`/,
    );
    await rm(copy, { recursive: true });
  });

  it('rejects a manifest whose input name the model does not have, naming the real ones', async () => {
    const dir = join(modelsDir, TEST_MODEL_ID);
    const original = await readFile(join(dir, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(original);
    manifest.image.input = 'images';
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    try {
      await expect(createEmbedder(TEST_MODEL_ID, options())).rejects.toThrow(
        /has no input "images" \(it has pixel_values\): fix the input name in the manifest/,
      );
    } finally {
      await writeFile(join(dir, 'manifest.json'), original);
    }
  });
});

describe('assertSameModel', () => {
  it('accepts an empty table or the same model, refuses a different one with the way out', () => {
    expect(() => assertSameModel(undefined, 'a')).not.toThrow();
    expect(() => assertSameModel('a', 'a')).not.toThrow();
    expect(() => assertSameModel('descriptor-v1', TEST_MODEL_ID, 'The images table')).toThrow(
      "The images table was embedded with model 'descriptor-v1', but this run uses 'viscura-test-tiny': mixing models in one table is refused. Use --model descriptor-v1, or rebuild the embeddings with `viscura reembed --model viscura-test-tiny`.",
    );
  });
});
