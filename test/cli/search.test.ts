import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestModel, TEST_COLOURS, TEST_MODEL_ID } from '../../models/build-test-model.ts';

const run = promisify(execFile);
let root: string;

async function viscura(args: string[]) {
  const { stdout } = await run(process.execPath, [resolve('bin/viscura.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, VISCURA_LOG_LEVEL: 'warn', VISCURA_MODELS_DIR: join(root, 'models') },
  });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'viscura-search-'));
  await buildTestModel(join(root, 'models'));
  for (const colour of ['red', 'green', 'blue', 'yellow']) {
    const [r, g, b] = TEST_COLOURS[colour];
    await mkdir(join(root, 'photos', `${colour}-things`), { recursive: true });
    const image = sharp({ create: { width: 160, height: 120, channels: 3, background: { r, g, b } } });
    await writeFile(join(root, 'photos', `${colour}-things`, 'a.png'), await image.png().toBuffer());
  }
  await viscura(['ingest', 'photos', '--data', 'text-model', '--model', TEST_MODEL_ID, '--json']);
  await viscura(['ingest', 'photos', '--data', 'descriptor', '--json']);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('viscura search --text', () => {
  it('matches by meaning with a text-capable model', async () => {
    const answer = await viscura([
      'search',
      '--text',
      'a photo of something blue',
      '--data',
      'text-model',
      '--model',
      TEST_MODEL_ID,
      '--json',
    ]);
    expect(answer.mode).toBe('semantic+text');
    expect(answer.notice).toBeNull();
    expect(answer.hits[0].key).toBe('blue-things/a.png');
  });

  it('falls back to full-text search over labels and paths, and says why', async () => {
    const answer = await viscura(['search', '--text', 'yellow-things', '--data', 'descriptor', '--json']);
    expect(answer.mode).toBe('text');
    expect(answer.notice).toMatch(/visual-semantic matching is unavailable/);
    expect(answer.hits[0].key).toBe('yellow-things/a.png');
  });
});
