import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/log/index.ts';
import {
  listModels,
  type ModelManifest,
  parseManifest,
  pullModel,
  removeModel,
  requireInstalled,
  verifyModel,
} from '../../shared/models/index.ts';
import { closedPort, type FileServer, startFileServer } from './server.ts';

const visual = randomBytes(300_000);
const vocab = randomBytes(20_000);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: FileServer;
let modelsDir: string;
let emptyCatalog: string;

beforeAll(async () => {
  server = await startFileServer({ '/visual.onnx': visual, '/vocab.bin': vocab });
  emptyCatalog = await mkdtemp(join(tmpdir(), 'viscura-catalog-'));
});
afterAll(async () => {
  await server.close();
  await rm(emptyCatalog, { recursive: true, force: true });
});
beforeEach(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'viscura-pull-'));
  server.requests.clear();
});
afterEach(() => rm(modelsDir, { recursive: true, force: true }));

function manifest(
  overrides: { visualSha?: string | null; visualBytes?: number | null; base?: string } = {},
): ModelManifest {
  const base = overrides.base ?? server.url('');
  return parseManifest(
    {
      manifestVersion: 1,
      id: 'tiny-remote',
      name: 'remote test model',
      family: 'test',
      licence: 'MIT',
      dimension: 8,
      image: {
        file: 'visual.onnx',
        input: 'x',
        output: 'y',
        size: 32,
        mean: [0.5, 0.5, 0.5],
        std: [0.5, 0.5, 0.5],
      },
      files: [
        {
          path: 'visual.onnx',
          url: `${base}/visual.onnx`,
          bytes: overrides.visualBytes === undefined ? visual.length : overrides.visualBytes,
          sha256: overrides.visualSha === undefined ? sha(visual) : overrides.visualSha,
        },
        { path: 'sub/vocab.bin', url: `${base}/vocab.bin`, bytes: vocab.length, sha256: sha(vocab) },
      ],
    },
    'test manifest',
  );
}

const pull = (m: ModelManifest, extra: Partial<Parameters<typeof pullModel>[2]> = {}) =>
  pullModel(m, modelsDir, { log: silentLogger, connectTimeoutMs: 2000, ...extra });
const installed = async () =>
  requireInstalled(modelsDir, 'tiny-remote', emptyCatalog).then(
    () => true,
    () => false,
  );

describe('models pull', () => {
  it('downloads, verifies and installs every file, reporting progress', async () => {
    const progress: number[] = [];
    const result = await pull(manifest(), {
      onProgress: (p) => p.path === 'visual.onnx' && progress.push(p.received),
    });
    expect(result.files.map((f) => [f.path, f.action, f.verified])).toEqual([
      ['visual.onnx', 'downloaded', true],
      ['sub/vocab.bin', 'downloaded', true],
    ]);
    expect(sha(await readFile(join(modelsDir, 'tiny-remote', 'visual.onnx')))).toBe(sha(visual));
    expect(progress.at(-1)).toBe(visual.length);
    expect(await installed()).toBe(true);
    const { models } = await listModels(modelsDir, emptyCatalog);
    expect(models.map((m) => [m.manifest.id, m.state])).toEqual([['tiny-remote', 'installed']]);
    expect((await verifyModel(manifest(), result.dir)).ok).toBe(true);
  });

  it('resumes a broken download from where it stopped with a Range request', async () => {
    server.breakNext('/visual.onnx', 120_000);
    await expect(pull(manifest())).rejects.toThrow(
      /broke off after \d+ bytes .*run the pull again to resume/,
    );
    expect(await installed()).toBe(false);
    const kept = (await stat(join(modelsDir, 'tiny-remote', 'visual.onnx.part'))).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(visual.length);
    await expect(stat(join(modelsDir, 'tiny-remote', 'visual.onnx'))).rejects.toThrow();

    const result = await pull(manifest());
    expect(server.requests.get('/visual.onnx')).toEqual(['', `bytes=${kept}-`]);
    expect(result.files[0].action).toBe('resumed');
    expect(sha(await readFile(join(modelsDir, 'tiny-remote', 'visual.onnx')))).toBe(sha(visual));
    expect(await installed()).toBe(true);
  });

  it('refuses a file whose checksum is wrong and installs nothing', async () => {
    const wrong = manifest({ visualSha: sha(vocab) });
    await expect(pull(wrong)).rejects.toThrow(
      `does not match its checksum (sha256 ${sha(visual)}, expected ${sha(vocab)}); the download was removed and nothing was installed.`,
    );
    await expect(stat(join(modelsDir, 'tiny-remote', 'visual.onnx.part'))).rejects.toThrow();
    await expect(stat(join(modelsDir, 'tiny-remote', 'visual.onnx'))).rejects.toThrow();
    expect(await installed()).toBe(false);
  });

  it('refuses unpinned files unless allowed, then records their hashes so verify catches tampering', async () => {
    const unpinned = manifest({ visualSha: null, visualBytes: null });
    await expect(pull(unpinned)).rejects.toThrow(/no published sha256 \(visual\.onnx\).*--allow-unverified/);
    expect(server.requests.size).toBe(0);

    const result = await pull(unpinned, { allowUnverified: true });
    expect(result.files[0]).toMatchObject({ path: 'visual.onnx', verified: false, sha256: sha(visual) });
    expect((await verifyModel(unpinned, result.dir)).files[0].check).toBe('ok-unpinned');
    await writeFile(join(result.dir, 'visual.onnx'), randomBytes(300_000));
    const report = await verifyModel(unpinned, result.dir);
    expect(report.ok).toBe(false);
    expect(report.files[0]).toMatchObject({ check: 'wrong-hash', expectedSha256: sha(visual) });
  });

  it('offline, fails fast and says what to download and where to put it', async () => {
    const offline = manifest({ base: `http://127.0.0.1:${await closedPort()}` });
    const started = Date.now();
    const error = await pull(offline).catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    const dir = join(modelsDir, 'tiny-remote');
    expect((error as Error).message).toContain('Cannot reach 127.0.0.1:');
    expect((error as Error).message).toContain(
      `${offline.files[0].url}\n    -> ${join(dir, 'visual.onnx')} (300000 bytes, sha256 ${sha(visual)})`,
    );
    expect((error as Error).message).toContain('then run `viscura models pull tiny-remote` again');
    expect(await installed()).toBe(false);
  });

  it('installs files put in place by hand without touching the network', async () => {
    const offline = manifest({ base: `http://127.0.0.1:${await closedPort()}` });
    const dir = join(modelsDir, 'tiny-remote');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await writeFile(join(dir, 'visual.onnx'), visual);
    await writeFile(join(dir, 'sub/vocab.bin'), vocab);
    const result = await pull(offline);
    expect(result.files.map((f) => f.action)).toEqual(['present', 'present']);
    expect(await installed()).toBe(true);
  });

  it('removes a model folder and says when there is nothing to remove', async () => {
    await pull(manifest());
    const removed = await removeModel(modelsDir, 'tiny-remote');
    expect(removed.bytesFreed).toBeGreaterThanOrEqual(visual.length + vocab.length);
    expect(await installed()).toBe(false);
    await expect(removeModel(modelsDir, 'tiny-remote')).rejects.toThrow("Model 'tiny-remote' is not in");
  });
});
