import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBomb } from '../helpers/images.ts';

const run = promisify(execFile);
/** The working raster is at most 384 x 3,072 (3.4 MiB); 2 x 19,999,999 once took 15 GB, 60,000 x 650 took 182 MiB. */
const MAX_GROWTH_MIB = 128;
/** Ingest's default pixel limit: every shape below is under it, so only the shape checks stand in the way. */
const MAX_PIXELS = 100_000_000;

const REFUSED: [number, number, string][] = [
  [2, 19_999_999, 'side-too-long'],
  [1, 39_999_999, 'side-too-long'],
  [19_999_999, 2, 'side-too-long'],
  [65_535, 400, 'extreme-aspect-ratio'],
  [1, 150, 'extreme-aspect-ratio'],
];
/** Accepted shapes and the working raster each must become. */
const BOUNDED: [number, number, number, number][] = [
  [60_000, 650, 3072, 33],
  [650, 60_000, 33, 3072],
  [20_000, 2_000, 3072, 307],
  [6_000, 6_000, 384, 384],
];

type Answer = { ok: boolean; growthMiB: number; reason?: string; message?: string; width?: number };
let dir: string;
const answers = new Map<string, Answer>();

// One child decodes every shape (the audit's: small files of deflated zero rows whose sides, not pixel counts,
// are extreme); each answer carries the peak RSS above the RSS before that file.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'viscura-memory-'));
  const files: string[] = [];
  for (const [width, height] of [...REFUSED, ...BOUNDED]) {
    const file = join(dir, `${width}x${height}.png`);
    await writeFile(file, await pngBomb(width, height));
    files.push(file);
  }
  const { stdout } = await run(process.execPath, [
    'bin/run-ts.mjs',
    'test/media/memory/decode-child.ts',
    String(MAX_PIXELS),
    ...files,
  ]);
  for (const line of stdout.trim().split('\n')) {
    const { file, ...answer } = JSON.parse(line);
    answers.set(basename(file, '.png'), answer);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('extreme shapes cost a bounded amount of memory, measured in a child process', () => {
  it.each(REFUSED)('refuses %i x %i from its header (%s)', (width, height, reason) => {
    const answer = answers.get(`${width}x${height}`);
    expect(answer).toMatchObject({ ok: false, reason });
    expect(answer?.message).toContain(`${width.toLocaleString('en-US')} x ${height.toLocaleString('en-US')}`);
    expect(answer?.growthMiB).toBeLessThan(MAX_GROWTH_MIB);
  });

  it.each(BOUNDED)('decodes %i x %i into a bounded %i x %i working raster', (width, height, w, h) => {
    const answer = answers.get(`${width}x${height}`);
    expect(answer).toMatchObject({ ok: true, width: w, height: h });
    expect(answer?.growthMiB).toBeLessThan(MAX_GROWTH_MIB);
  });
});
