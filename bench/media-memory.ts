/**
 * Peak memory of decoding the audit's extreme shapes as ingest does (decode, quality, thumbnail, descriptor),
 * measured in a child process, beside a normal 6,000 x 6,000 photo-sized file in the same run:
 *   node bin/run-ts.mjs bench/media-memory.ts
 * The files are PNGs of deflated zero rows (a few KB each): their sides, not their bytes, are extreme.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pngBomb } from '../test/helpers/images.ts';

const SHAPES: [number, number][] = [
  [6_000, 6_000],
  [2, 19_999_999],
  [1, 39_999_999],
  [65_535, 400],
  [60_000, 650],
  [20_000, 2_000],
];

const dir = await mkdtemp(join(tmpdir(), 'viscura-media-memory-'));
try {
  const files: string[] = [];
  for (const [width, height] of SHAPES) {
    const file = join(dir, `${width}x${height}.png`);
    await writeFile(file, await pngBomb(width, height));
    files.push(file);
  }
  const { stdout } = await promisify(execFile)(process.execPath, [
    'bin/run-ts.mjs',
    'test/media/memory/decode-child.ts',
    '100000000',
    ...files,
  ]);
  const answers = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const reference = answers[0].growthMiB as number;
  console.log('| shape | outcome | working raster | peak RSS growth MiB | vs 6,000 x 6,000 |');
  console.log('|---|---|---|---|---|');
  for (const [i, [width, height]] of SHAPES.entries()) {
    const a = answers[i];
    const outcome = a.ok ? 'decoded' : a.reason;
    const raster = a.ok ? `${a.width} x ${a.height}` : '-';
    console.log(
      `| ${width.toLocaleString('en-US')} x ${height.toLocaleString('en-US')} | ${outcome} | ${raster} | ` +
        `${a.growthMiB.toFixed(0)} | ${(a.growthMiB / reference).toFixed(2)}x |`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
