import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isVisibleError } from '../../shared/errors/index.ts';
import {
  type ScannedFile,
  type ScanOptions,
  type ScanProblem,
  scanFolder,
} from '../../shared/ingest/scan.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'viscura-scan-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(key: string, data: string | Buffer = 'x'): Promise<string> {
  const path = join(root, ...key.split('/'));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
  return path;
}

async function scan(options: ScanOptions = {}): Promise<{ files: ScannedFile[]; problems: ScanProblem[] }> {
  const problems: ScanProblem[] = [];
  const files: ScannedFile[] = [];
  for await (const file of scanFolder(root, { ...options, onProblem: (p) => problems.push(p) }))
    files.push(file);
  return { files, problems };
}

describe('scanFolder', () => {
  it('yields every regular file, sorted, except hidden and annotation files', async () => {
    const image = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    for (const key of ['b.png', 'a/z.jpg', 'a/b/c.png', 'notes.txt', 'a-b.png', 'Z.png'])
      await put(key, image);
    for (const key of [
      '.hidden.png',
      '.git/objects/x',
      'a/.cache/y.png',
      'a/z.jpg.json',
      'manifest.csv',
      'm.JSONL',
    ]) {
      await put(key);
    }
    const { files, problems } = await scan();
    expect(problems).toEqual([]);
    // Depth first, each folder in code-point order: the same tree always scans the same way.
    expect(files.map((f) => f.key)).toEqual([
      'Z.png',
      'a/b/c.png',
      'a/z.jpg',
      'a-b.png',
      'b.png',
      'notes.txt',
    ]);
    const png = files.find((f) => f.key === 'a/b/c.png') as ScannedFile;
    expect(png.size).toBe(image.length);
    expect(png.mtimeMs).toBe((await stat(png.path)).mtimeMs);
    expect(await readFile(png.path)).toEqual(image);
  });

  it('gives NFC keys with forward slashes for unicode and spaces, and paths that open', async () => {
    const nfd = 'Café au lait/crème brûlée 1.png'.normalize('NFD');
    await put(nfd, 'nfd');
    await put('日本 語/写真 2.jpg', 'cjk');
    const { files } = await scan();
    expect(files.map((f) => f.key)).toEqual([
      'Café au lait/crème brûlée 1.png'.normalize('NFC'),
      '日本 語/写真 2.jpg',
    ]);
    expect(files[0].key).not.toBe(nfd);
    expect(await readFile(files[0].path, 'utf8')).toBe('nfd');
  });

  it('terminates on a symlink loop, scanning each folder once', async () => {
    await put('a/1.png');
    await put('a/b/2.png');
    await symlink(root, join(root, 'a', 'b', 'up'));
    await symlink(join(root, 'a'), join(root, 'a', 'again'));
    await symlink('self', join(root, 'self'));
    const { files, problems } = await scan({ followSymlinks: true });
    expect(files.map((f) => f.key)).toEqual(['a/1.png', 'a/b/2.png']);
    // Reported in scan order, like the files.
    expect(problems).toEqual([
      { key: 'a/again', reason: expect.stringMatching(/already scanned/) },
      { key: 'a/b/up', reason: expect.stringMatching(/already scanned/) },
      { key: 'self', reason: expect.stringMatching(/broken symbolic link.*ELOOP/) },
    ]);
  });

  it('follows links to files and folders only when asked, and reports those it skips', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'viscura-outside-'));
    try {
      await writeFile(join(outside, 'far.png'), 'far');
      await symlink(outside, join(root, 'linked'));
      await symlink(join(outside, 'far.png'), join(root, 'alias.png'));
      await symlink(join(outside, 'gone.png'), join(root, 'dangling.png'));
      const plain = await scan();
      expect(plain.files).toEqual([]);
      expect(plain.problems.map((p) => p.key)).toEqual(['alias.png', 'dangling.png', 'linked']);
      expect(plain.problems[0].reason).toMatch(/not followed/);

      const followed = await scan({ followSymlinks: true });
      expect(followed.files.map((f) => [f.key, f.size])).toEqual([
        ['alias.png', 3],
        ['linked/far.png', 3],
      ]);
      expect(followed.problems).toEqual([
        { key: 'dangling.png', reason: expect.stringMatching(/broken symbolic link.*ENOENT/) },
      ]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('reports entries that are not regular files instead of throwing', async () => {
    await put('ok.png');
    execFileSync('mkfifo', [join(root, 'pipe.png')]);
    const { files, problems } = await scan();
    expect(files.map((f) => f.key)).toEqual(['ok.png']);
    expect(problems).toEqual([{ key: 'pipe.png', reason: 'not a regular file' }]);
  });

  it('reports two names that differ only in Unicode composition once', async () => {
    await put('é.png'.normalize('NFC'), 'composed');
    await put('é.png'.normalize('NFD'), 'decomposed');
    const { files, problems } = await scan();
    expect(files.map((f) => f.key)).toEqual(['é.png'.normalize('NFC')]);
    expect(problems).toEqual([{ key: 'é.png'.normalize('NFC'), reason: expect.stringMatching(/same name/) }]);
  });

  it('fails with a sentence when the root is missing or a file', async () => {
    const missing = scanFolder(join(root, 'nope'))[Symbol.asyncIterator]().next();
    await expect(missing).rejects.toSatisfy(
      (e) => isVisibleError(e) && /Cannot read the folder/.test(e.message),
    );
    const file = await put('f.png');
    const notDir = scanFolder(file)[Symbol.asyncIterator]().next();
    await expect(notDir).rejects.toThrow('is a file, not a folder');
  });
});
