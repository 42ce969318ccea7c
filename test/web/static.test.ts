import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explorerFiles } from '../../shared/adapters/node/explorer.ts';

let dir: string;
const get = (root: string, path: string, method = 'GET') =>
  explorerFiles(root)(new Request(`http://127.0.0.1${path}`, { method }));

describe('explorer page files on the Node server', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'viscura-static-'));
    await mkdir(join(dir, 'built', 'assets'), { recursive: true });
    await writeFile(join(dir, 'built', 'index.html'), '<!doctype html><title>page</title>');
    await writeFile(join(dir, 'built', 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'not for the web');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves the page at / with its policy, and hashed assets as immutable', async () => {
    const page = (await get(join(dir, 'built'), '/')) as Response;
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>page</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const asset = (await get(join(dir, 'built'), '/assets/index-abc.js')) as Response;
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('leaves the API paths alone and never leaves its folder', async () => {
    expect(await get(join(dir, 'built'), '/v1/health')).toBeUndefined();
    expect(await get(join(dir, 'built'), '/', 'POST')).toBeUndefined();
    for (const path of [
      '/assets/../../secret.txt',
      '/assets/%2e%2e%2fsecret.txt',
      '/assets/.hidden',
      '/secret.txt',
    ]) {
      const answer = await get(join(dir, 'built'), path);
      if (answer) expect(answer.status).toBe(404);
      if (answer) expect(await answer.text()).not.toContain('not for the web');
    }
    expect((await get(join(dir, 'built'), '/assets/missing.js'))?.status).toBe(404);
  });

  it('says how to build the page when it is not built', async () => {
    const answer = (await get(join(dir, 'nothing-here'), '/')) as Response;
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('npm run build:web');
  });
});
