import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = resolve('bin/viscura.mjs');

/** Runs the real CLI as a user would; resolves with its exit code instead of throwing. */
async function viscura(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, VISCURA_LOG_LEVEL: 'warn', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let root: string;
const photos = () => join(root, 'photos');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'viscura-cli-'));
  for (const [label, hue] of [
    ['red', 0],
    ['blue', 220],
  ] as const) {
    await mkdir(join(photos(), label), { recursive: true });
    for (let i = 0; i < 3; i++) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="150">
        <rect width="100%" height="100%" fill="hsl(${hue},70%,${30 + i * 15}%)"/>
        <circle cx="${50 + i * 40}" cy="75" r="30" fill="white"/></svg>`;
      await writeFile(join(photos(), label, `${i}.png`), await sharp(Buffer.from(svg)).png().toBuffer());
    }
  }
  await writeFile(join(photos(), 'red', 'broken.jpg'), 'not an image');
  await writeFile(join(photos(), 'notes.txt'), 'where these were taken');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('viscura CLI', () => {
  it('ingests with a --json summary, then finds the same files unchanged', async () => {
    const first = await viscura(['ingest', photos(), '--data', 'd', '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ ingested: 6, unchanged: 0, notImages: 1 });
    // notes.txt is not an image: counted apart, not a failure; a damaged .jpg is one.
    expect(summary.failed).toEqual([{ key: 'red/broken.jpg', reason: expect.any(String) }]);

    const second = JSON.parse((await viscura(['ingest', photos(), '--data', 'd', '--json'])).stdout);
    expect(second).toMatchObject({ ingested: 0, unchanged: 6 });
    // The API serves this dataset's originals from the folder it was ingested from, recorded once.
    expect(JSON.parse(await readFile(join(root, 'd', 'originals.json'), 'utf8'))).toEqual({
      default: [photos()],
    });
  });

  it('answers stats and similar as JSON, nearest first', async () => {
    const stats = JSON.parse((await viscura(['stats', '--data', 'd', '--json'])).stdout);
    expect(stats.datasets[0]).toMatchObject({ dataset: 'default', images: 6, labels: { red: 3, blue: 3 } });

    const byFile = JSON.parse(
      (await viscura(['similar', join(photos(), 'red', '1.png'), '--data', 'd', '--json', '--limit', '3']))
        .stdout,
    );
    expect(byFile.hits).toHaveLength(3);
    expect(byFile.hits[0]).toMatchObject({ key: 'red/1.png' });
    expect(byFile.hits[0].score).toBeGreaterThan(0.999);
    expect(byFile.hits[0].score).toBeGreaterThanOrEqual(byFile.hits[1].score);

    const byKey = JSON.parse(
      (await viscura(['similar', 'red/1.png', '--data', 'd', '--json', '--limit', '2'])).stdout,
    );
    expect(byKey.hits.map((hit: { key: string }) => hit.key)).not.toContain('red/1.png');
  });

  it('stops at start with the name of a wrong setting and what is allowed', async () => {
    const result = await viscura(['stats', '--data', 'd'], { VISCURA_PROVIDER: 'tpu' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('VISCURA_PROVIDER');
    expect(result.stderr).toMatch(/auto.*cpu.*cuda/);
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      expect(await viscura([flag])).toMatchObject({ code: 0, stdout: `${version}\n` });
    }
  });

  it('answers --help and early errors without loading the native modules', async () => {
    const hook = resolve('test/helpers/report-loaded-modules.mjs');
    const loaded = async (args: string[]) => {
      const result = await run(process.execPath, ['--import', hook, bin, ...args], { cwd: root }).catch(
        (error: { stderr: string }) => error,
      );
      return /LOADED: (.*)/.exec(result.stderr)?.[1];
    };
    expect(await loaded(['--help'])).toBe('none');
    expect(await loaded(['ingest', '--help'])).toBe('none');
    expect(await loaded(['ingest', join(root, 'no-such-folder')])).toBe('none');
    expect(await loaded(['keys', 'list', '--data', 'k'])).toBe('none');
    // The check sees them when a command does load them.
    expect(await loaded(['stats', '--data', 'd'])).toMatch(/@lancedb\/lancedb/);
  });

  it('explains an unknown image instead of crashing', async () => {
    const result = await viscura(['similar', 'no/such/key.jpg', '--data', 'd']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/neither a file nor an image id or key/);
  });
});
