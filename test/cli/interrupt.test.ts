import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scene } from '../helpers/images.ts';

const bin = resolve('bin/viscura.mjs');
const COUNT = 80;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'viscura-interrupt-'));
  await mkdir(join(root, 'photos'));
  for (let i = 0; i < COUNT; i++)
    await writeFile(join(root, 'photos', `${i}.png`), await scene(i, 'circles', 320, 240));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('Ctrl-C during ingest', () => {
  it('says how far it got and how to resume; the same command then finishes the job', async () => {
    const child = spawn(process.execPath, [bin, 'ingest', join(root, 'photos'), '--data', join(root, 'd')], {
      env: { ...process.env, VISCURA_LOG_LEVEL: 'info', VISCURA_BATCH_SIZE: '8' },
    });
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((started) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        // The first progress line: files are being read.
        if (/"done":/.test(stderr)) started();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(
      new RegExp(
        `interrupted after \\d+ of ${COUNT} files\\. Every batch already written is kept \\(dataset "default" holds \\d+ images\\)\\. Run the same command again to resume`,
      ),
    );

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'ingest', join(root, 'photos'), '--data', join(root, 'd'), '--json'],
      { env: { ...process.env, VISCURA_LOG_LEVEL: 'warn' } },
    );
    const summary = JSON.parse(stdout) as { ingested: number; unchanged: number; failed: unknown[] };
    expect(summary.failed).toEqual([]);
    expect(summary.ingested + summary.unchanged).toBe(COUNT);
  });
});
