import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_MODEL_ID } from '../../models/build-test-model.ts';
import { registerModels } from '../../shared/cli/commands/models.ts';
import { tempModelsDir } from '../embed/helpers.ts';
import { type FileServer, startFileServer } from './server.ts';

let modelsDir: string;
let cleanup: () => Promise<void>;
let server: FileServer;
const blob = randomBytes(50_000);

beforeAll(async () => {
  ({ modelsDir, cleanup } = await tempModelsDir());
  server = await startFileServer({ '/enc.onnx': blob });
});
afterAll(async () => {
  await cleanup();
  await server.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

/** Runs `viscura models ...` in-process and returns what it printed on stdout. */
async function viscura(...args: string[]): Promise<string> {
  vi.stubEnv('VISCURA_MODELS_DIR', modelsDir);
  vi.stubEnv('VISCURA_LOG_LEVEL', 'silent');
  const program = new Command('viscura').exitOverride();
  registerModels(program);
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'viscura', 'models', ...args]);
  } finally {
    write.mockRestore();
  }
  return out.join('');
}

describe('viscura models', () => {
  it('lists the generated model as installed with a text tower, next to the catalog', async () => {
    const answer = JSON.parse(await viscura('list', '--json'));
    const byId = Object.fromEntries(answer.models.map((m: { id: string }) => [m.id, m]));
    expect(byId[TEST_MODEL_ID]).toMatchObject({
      state: 'installed',
      hasTextTower: true,
      dimension: 32,
      pinned: true,
    });
    expect(byId['openai-clip-vit-b32']).toMatchObject({
      state: 'available',
      hasTextTower: true,
      bytes: 606895266,
    });
    expect(byId['laion2b-clip-vit-b32']).toMatchObject({ pinned: false, bytes: null });
    expect(byId['descriptor-v1']).toMatchObject({ state: 'built-in', hasTextTower: false });
  });

  it('tokenizes a prompt offline with the installed vocabulary', async () => {
    const answer = JSON.parse(await viscura('tokenize', '--json', 'A Photo Of A CAT!!'));
    expect(answer).toMatchObject({
      model: TEST_MODEL_ID,
      ids: [49406, 320, 1125, 539, 320, 2368, 748, 49407],
      tokens: [
        '<|startoftext|>',
        'a</w>',
        'photo</w>',
        'of</w>',
        'a</w>',
        'cat</w>',
        '!!</w>',
        '<|endoftext|>',
      ],
      truncated: false,
    });
    const human = await viscura('tokenize', 'sunset over mountains');
    expect(human).toContain('[49406,3424,962,5873,49407]');
  });

  it('pulls a user manifest from a server, then verifies and removes it', async () => {
    const dir = join(modelsDir, 'user-encoder');
    await mkdir(dir, { recursive: true });
    const manifest = {
      manifestVersion: 1,
      id: 'user-encoder',
      name: 'a model a user described',
      family: 'custom',
      licence: 'MIT',
      dimension: 16,
      image: { file: 'enc.onnx', input: 'x', output: 'y', size: 64, mean: [0, 0, 0], std: [1, 1, 1] },
      files: [
        {
          path: 'enc.onnx',
          url: server.url('/enc.onnx'),
          bytes: blob.length,
          sha256: createHash('sha256').update(blob).digest('hex'),
        },
      ],
    };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const listed = JSON.parse(await viscura('list', '--json'));
    expect(listed.models.find((m: { id: string }) => m.id === 'user-encoder').state).toBe('incomplete');

    const pulled = JSON.parse(await viscura('pull', 'user-encoder', '--json'));
    expect(pulled.files).toEqual([
      expect.objectContaining({ path: 'enc.onnx', action: 'downloaded', verified: true }),
    ]);
    expect(await readFile(join(dir, 'enc.onnx'))).toHaveLength(blob.length);

    expect(JSON.parse(await viscura('verify', 'user-encoder', '--json'))).toMatchObject({ ok: true });
    await writeFile(join(dir, 'enc.onnx'), randomBytes(blob.length));
    expect(JSON.parse(await viscura('verify', 'user-encoder', '--json'))).toMatchObject({ ok: false });
    expect(process.exitCode).toBe(1);

    expect(await viscura('remove', 'user-encoder')).toMatch(/^removed user-encoder \(0\.1 MB freed\)/);
  });

  it('says the descriptor needs no pull and names the known models for an unknown id', async () => {
    await expect(viscura('pull', 'descriptor')).rejects.toThrow(
      "'descriptor' is built in: there is nothing to pull.",
    );
    await expect(viscura('pull', 'nope')).rejects.toThrow(
      /Unknown model 'nope' \(known: .*openai-clip-vit-b32.*\)/,
    );
  });
});
