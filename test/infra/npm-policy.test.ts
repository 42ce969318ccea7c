import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const npm = (...args: string[]) => spawnSync('npm', args, { encoding: 'utf8' });

describe('the npm setup of the project', () => {
  it('has no project config npm does not know (npm warns on every command and will drop them)', () => {
    const { stderr, status } = npm('config', 'get', 'strict-allow-scripts');
    expect(status).toBe(0);
    expect(stderr).not.toMatch(/Unknown project config/);
  });

  it('reviews every install script: none unlisted, and strict so a new one fails the install', () => {
    expect(npm('install-scripts', 'ls').stdout).toMatch(/No packages with unreviewed install scripts/);
    expect(npm('config', 'get', 'strict-allow-scripts').stdout.trim()).toBe('true');
  });

  it('denies onnxruntime-node its postinstall, which only downloads the CUDA provider', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean> };
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
    // What was skipped is not needed: the CPU provider ships in the package.
    const backends = execFileSync(
      process.execPath,
      ['-e', "console.log(JSON.stringify(require('onnxruntime-node').listSupportedBackends()))"],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(backends)).toContainEqual({ name: 'cpu', bundled: true });
  });
});
