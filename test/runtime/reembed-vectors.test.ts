import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../shared/config/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime } from '../../shared/runtime/index.ts';
import { reembedFolder } from '../../shared/runtime/reembed.ts';

let root: string;
let photos: string;
let config: ResolvedConfig;
const vectorsFile = () => join(root, 'vectors.jsonl');

async function storeModel() {
  const runtime = await openRuntime(config, silentLogger);
  try {
    return { model: await runtime.store.model(), supplied: await runtime.store.suppliedModel() };
  } finally {
    await runtime.close();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'viscura-reembed-vectors-'));
  photos = join(root, 'photos');
  await mkdir(photos, { recursive: true });
  const lines: string[] = [];
  for (const [i, colour] of ['red', 'green', 'blue'].entries()) {
    const image = sharp({ create: { width: 100, height: 80, channels: 3, background: colour } });
    await writeFile(join(photos, `${i}.png`), await image.png().toBuffer());
    lines.push(JSON.stringify({ key: `${i}.png`, vector: [1, i, 0, 0, 0, 0] }));
  }
  await writeFile(vectorsFile(), `${lines.join('\n')}\n`);
  config = loadConfig({ env: {}, overrides: { dataDir: join(root, 'data') } });
  const runtime = await openRuntime(config, silentLogger);
  try {
    await ingestFolder(photos, runtime.ingestContext(await runtime.embedder()));
  } finally {
    await runtime.close();
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('reembed with supplied vectors', () => {
  it('needs the model named', async () => {
    await expect(
      reembedFolder(photos, config, silentLogger, undefined, { file: vectorsFile() }),
    ).rejects.toThrow(/--model-name NAME/);
  });

  it('replaces the descriptor vectors with supplied ones, and back with a model', async () => {
    const there = await reembedFolder(photos, config, silentLogger, undefined, {
      file: vectorsFile(),
      model: 'acme-v1',
    });
    expect(there).toMatchObject({ from: 'descriptor-v1', to: 'acme-v1', ingested: 3, failed: [] });
    expect(await storeModel()).toEqual({
      model: { id: 'acme-v1', dimension: 6 },
      supplied: { id: 'acme-v1', dimension: 6 },
    });

    // An embeddings file at the root is not picked up when re-embedding with a model.
    await copyFile(vectorsFile(), join(photos, 'embeddings.jsonl'));
    const back = await reembedFolder(photos, config, silentLogger);
    expect(back).toMatchObject({ from: 'acme-v1', to: 'descriptor', ingested: 3, vectors: null });
    const after = await storeModel();
    expect(after.model?.id).toBe('descriptor-v1');
    expect(after.supplied).toBeUndefined();
  });
});
