import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parquetWriteBuffer } from 'hyparquet-writer';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = resolve('bin/viscura.mjs');

async function viscura(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--data', join(root, 'data')], {
      cwd: root,
      env: { ...process.env, VISCURA_LOG_LEVEL: 'warn' },
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
  root = await mkdtemp(join(tmpdir(), 'viscura-cli-vectors-'));
  await mkdir(photos(), { recursive: true });
  const keys: string[] = [];
  const vectors: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90"><rect width="100%" height="100%" fill="hsl(${i * 80},60%,45%)"/></svg>`;
    await writeFile(join(photos(), `${i}.png`), await sharp(Buffer.from(svg)).png().toBuffer());
    keys.push(`${i}.png`);
    // 0 and 2 point the same way in the supplied space; their colours differ.
    vectors.push([i % 2 === 0 ? 1 : 0, i % 2 === 0 ? 0 : 1, i / 100, 0]);
  }
  keys.push('not-here.png');
  vectors.push([0, 0, 1, 0]);
  // Outside the folder, so it needs the flag; zstd-free default codec (snappy), as pyarrow writes.
  const bytes = parquetWriteBuffer({
    columnData: [
      { name: 'key', data: keys, type: 'STRING' },
      { name: 'embedding', data: vectors },
    ],
  });
  await writeFile(join(root, 'team-vectors.parquet'), new Uint8Array(bytes));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('viscura ingest --vectors', () => {
  it('ingests supplied vectors, then searches them and says what it cannot do', async () => {
    const ingest = await viscura([
      'ingest',
      photos(),
      '--vectors',
      join(root, 'team-vectors.parquet'),
      '--model-name',
      'team-encoder-v2',
      '--json',
    ]);
    expect(ingest.code).toBe(0);
    const summary = JSON.parse(ingest.stdout);
    expect(summary).toMatchObject({ ingested: 4, failed: [] });
    expect(summary.vectors).toEqual({
      model: 'team-encoder-v2',
      file: 'team-vectors.parquet',
      problems: [
        { where: 'team-vectors.parquet: not-here.png', reason: 'no image with this key in the folder' },
      ],
    });

    const similar = JSON.parse((await viscura(['similar', '0.png', '--limit', '1', '--json'])).stdout);
    expect(similar.hits[0]).toMatchObject({ key: '2.png' });

    const byFile = await viscura(['similar', join(photos(), '1.png')]);
    expect(byFile.code).not.toBe(0);
    expect(byFile.stderr).toMatch(/"team-encoder-v2" were supplied with the images.*cannot embed an upload/);
    expect(byFile.stderr).not.toMatch(/at .*\.ts:\d+/);

    const search = JSON.parse((await viscura(['search', '--text', 'sunset', '--json'])).stdout);
    expect(search.mode).toBe('text');
    expect(search.notice).toMatch(/no text tower/);
  });
});
