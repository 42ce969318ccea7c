import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = resolve('bin/viscura.mjs');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'viscura-api-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function viscura(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--data', dir], {
      env: { ...process.env, VISCURA_LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('viscura serve and keys', () => {
  it('creates a key on first serve, binds 127.0.0.1, and answers with it', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--json', '--data', dir], {
      env: { ...process.env, VISCURA_LOG_LEVEL: 'warn' },
    });
    try {
      const answer = await new Promise<{ url: string; key: string }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.trim().endsWith('}')) resolve(JSON.parse(out));
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      expect(answer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(answer.key).toMatch(/^vsk_/);
      const ok = await fetch(`${answer.url}/v1/datasets`, {
        headers: { authorization: `Bearer ${answer.key}` },
      });
      expect(await ok.json()).toEqual({ items: [] });
      expect((await fetch(`${answer.url}/v1/datasets`)).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    const listed = JSON.parse((await viscura('keys', 'list', '--json')).stdout);
    expect(listed.keys).toHaveLength(1);
    expect(listed.keys[0]).toMatchObject({ name: 'embedded', datasets: null, revokedAt: null });
  });

  it('creates scoped keys, lists them without secrets, revokes by id', async () => {
    const created = JSON.parse(
      (await viscura('keys', 'create', '--dataset', 'pets', '--dataset', 'cats', '--json')).stdout,
    );
    expect(created).toMatchObject({ datasets: ['cats', 'pets'], revokedAt: null });
    expect((await viscura('keys', 'revoke', created.id)).code).toBe(0);
    const list = await viscura('keys', 'list', '--json');
    expect(list.stdout).not.toContain(created.key.slice(4));
    expect(list.stdout).not.toContain('hash');
    const after = JSON.parse(list.stdout);
    expect(after.keys.find((key: { id: string }) => key.id === created.id).revokedAt).toEqual(
      expect.any(Number),
    );
  });

  it('refuses a bad dataset name and an unknown key id with a sentence', async () => {
    const bad = await viscura('keys', 'create', '--dataset', "x' OR 1=1");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--dataset .* lower-case letters/);
    const missing = await viscura('keys', 'revoke', 'ffffffffffffffff');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No API key has the id/);
  });
});
