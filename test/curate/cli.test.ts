import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/helpers.ts';
import { writeDataset } from './run-fixtures.ts';

const run = promisify(execFile);
const bin = resolve('bin/viscura.mjs');
let root: string;
let cleanup: () => Promise<void>;
let planted: Awaited<ReturnType<typeof writeDataset>>;

/** The real CLI, as a user runs it; resolves with the exit code instead of throwing. */
async function viscura(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--data', join(root, 'data')], {
      cwd: root,
      env: { ...process.env, VISCURA_LOG_LEVEL: 'warn', VISCURA_CONFIG: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir('viscura-curate-cli-'));
  planted = await writeDataset(join(root, 'photos'), 6);
});

afterAll(async () => {
  await cleanup?.();
});

describe('viscura curate, list and report', () => {
  it('says to run curate first when no run exists', async () => {
    const listed = await viscura('list', '--issue', 'mislabels');
    expect(listed.code).toBe(2);
    expect(listed.stderr).toMatch(/no curation run yet: run `viscura curate` first/);
  });

  it('curates with a JSON summary of counts per issue and the report path', async () => {
    expect((await viscura('ingest', join(root, 'photos'))).code).toBe(0);
    const curated = await viscura('curate', '--json');
    expect(curated.code).toBe(0);
    const answer = JSON.parse(curated.stdout);
    expect(answer.run).toMatchObject({
      kind: 'full',
      status: 'finished',
      counts: { images: 22, mislabels: 1 },
    });
    expect(answer.report).toMatch(/reports[/\\]\d{4}-\d{2}-\d{2}[/\\]default[/\\]report\.html$/);
    expect(await readFile(answer.report, 'utf8')).toContain('<!doctype html>');
  });

  it('lists an issue as rows, and a stricter threshold lists fewer without re-running', async () => {
    const mislabels = JSON.parse((await viscura('list', '--issue', 'mislabels', '--json')).stdout);
    expect(mislabels.rows).toEqual([
      expect.objectContaining({ key: planted.mislabel.key, label: 'blue', suggestedLabel: 'red' }),
    ]);
    const loose = JSON.parse(
      (await viscura('list', '--issue', 'mislabels', '--threshold', '0.05', '--json')).stdout,
    );
    expect(loose.rows.length).toBeGreaterThan(mislabels.rows.length);
    const strict = JSON.parse(
      (await viscura('list', '--issue', 'mislabels', '--threshold', '0.999', '--json')).stdout,
    );
    expect(strict.rows.length).toBeLessThanOrEqual(mislabels.rows.length);
    expect(strict.rows.every((row: { confidence: number }) => row.confidence >= 0.999)).toBe(true);
    const human = await viscura('list', '--issue', 'duplicates', '--limit', '1');
    expect(human.stdout.split('\n')[0]).toMatch(/^1 duplicates at threshold 0.5/);
  });

  it('names the images a quality check could not judge, and why, after its verdicts', async () => {
    // Every picture here is 96 px (one 64 px): below the 192 px blur needs, above the 64 px dark needs.
    const blur = JSON.parse((await viscura('list', '--issue', 'blur', '--json')).stdout);
    expect(blur.rows).toEqual([]);
    expect(blur.unjudged.count).toBe(22);
    expect(blur.unjudged.rows).toContainEqual(
      expect.objectContaining({
        key: planted.resized.copy,
        reason: 'too small (64x64 < 192 px shortest side)',
      }),
    );
    const dark = JSON.parse((await viscura('list', '--issue', 'dark', '--json')).stdout);
    expect(dark.unjudged).toEqual({ count: 0, rows: [] });
    const human = (await viscura('list', '--issue', 'blur', '--limit', '2')).stdout.split('\n');
    expect(human[0]).toBe('no blur at threshold 0.5');
    expect(human[1]).toBe('22 not judged for blur (first 2):');
    expect(human[2]).toMatch(/^ {4}- {2}\S+ {2}cannot judge: too small \(96x96 < 192 px shortest side\)$/);
  });

  it('refuses an unknown issue and a threshold outside [0, 1]', async () => {
    const unknown = await viscura('list', '--issue', 'cats');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(
      /Allowed choices are duplicates, uniques, mislabels, outliers, blur, dark, bright/,
    );
    const wrong = await viscura('list', '--issue', 'mislabels', '--threshold', '2');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--threshold must be a number from 0 to 1/);
  });

  it('writes the latest report to --out', async () => {
    const out = join(root, 'out');
    const written = JSON.parse((await viscura('report', '--out', out, '--json')).stdout);
    expect(written.out).toBe(join(out, 'report.html'));
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('Possible mislabels');
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).dataset).toBe('default');
  });
});
