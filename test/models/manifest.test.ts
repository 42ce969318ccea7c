import { describe, expect, it } from 'vitest';
import { parseManifest, readCatalog } from '../../shared/models/index.ts';

const valid = {
  manifestVersion: 1,
  id: 'my-encoder',
  name: 'my encoder',
  family: 'custom',
  licence: 'Apache-2.0',
  dimension: 384,
  image: {
    file: 'img.onnx',
    input: 'pixels',
    output: 'emb',
    size: 256,
    mean: [0.5, 0.5, 0.5],
    std: [0.5, 0.5, 0.5],
  },
  files: [{ path: 'img.onnx', bytes: null, sha256: null }],
};

describe('model manifests', () => {
  it('ships CLIP ViT-B/32 manifests that validate, with a text tower and https URLs', async () => {
    const catalog = await readCatalog();
    const ids = catalog.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining(['openai-clip-vit-b32', 'openai-clip-vit-b32-uint8', 'laion2b-clip-vit-b32']),
    );
    for (const manifest of catalog) {
      expect(manifest.dimension).toBe(512);
      expect(manifest.text?.contextLength).toBe(77);
      for (const file of manifest.files) expect(file.url).toMatch(/^https:\/\//);
    }
  });

  it('pins every OpenAI file by size and sha256 and marks the unpublished LAION hashes as unknown', async () => {
    const catalog = await readCatalog();
    for (const id of ['openai-clip-vit-b32', 'openai-clip-vit-b32-uint8']) {
      const files = catalog.find((m) => m.id === id)?.files ?? [];
      expect(files.every((f) => f.sha256 !== null && f.bytes !== null)).toBe(true);
    }
    const laion = catalog.find((m) => m.id === 'laion2b-clip-vit-b32');
    expect(laion?.files.filter((f) => f.sha256 === null).map((f) => f.path)).toEqual([
      'visual.onnx',
      'textual.onnx',
    ]);
    expect(laion?.notes).toMatch(/^UNVERIFIED/);
  });

  it('accepts a user manifest for an image-only encoder and fills the CLIP defaults', () => {
    const manifest = parseManifest(valid, 'my.json');
    expect(manifest.image).toMatchObject({ resize: 'shortest-side', interpolation: 'bicubic' });
    expect(manifest.text).toBeUndefined();
    expect(manifest.precision).toBe('fp32');
  });

  it('names each wrong field of a bad manifest', () => {
    const bad = {
      ...valid,
      id: 'My Encoder',
      dimension: 0,
      image: { ...valid.image, file: 'other.onnx', std: [0.5, 0, 0.5] },
      files: [{ path: '../escape.onnx', bytes: 10, sha256: 'abc' }],
    };
    const message = errorMessageOf(() => parseManifest(bad, 'bad.json'));
    expect(message).toMatch(/^Invalid model manifest bad\.json:/);
    for (const field of ['id:', 'dimension:', 'image.std:', 'files.0.path:', 'files.0.sha256:'])
      expect(message).toContain(field);
  });

  it('refuses a tower or vocabulary file that the files list does not hold', () => {
    const text = {
      file: 'txt.onnx',
      input: 'ids',
      output: 'emb',
      vocabulary: { kind: 'vocab-merges', vocab: 'vocab.json', merges: 'merges.txt' },
    };
    expect(() => parseManifest({ ...valid, text }, 'm.json')).toThrow(
      /text\.file: "txt\.onnx" is not listed in files[\s\S]*text\.vocabulary\.vocab: "vocab\.json" is not listed[\s\S]*text\.vocabulary\.merges/,
    );
  });
});

function errorMessageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}
