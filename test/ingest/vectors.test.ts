import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/index.ts';
import { ingestFolder, watchFolder } from '../../shared/ingest/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openRuntime, type Runtime } from '../../shared/runtime/index.ts';

/** A distinct little picture per seed: its own content hash, and a descriptor vector unlike the supplied ones. */
async function picture(seed: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120">
    <rect width="100%" height="100%" fill="hsl(${(seed * 47) % 360},60%,50%)"/>
    <circle cx="${30 + ((seed * 31) % 100)}" cy="60" r="25" fill="white"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A unit vector along `axis` of an 8-d space, nudged so that no two are identical. */
function axis(index: number, nudge = 0): number[] {
  const vector = new Array(8).fill(0);
  vector[index] = 1;
  vector[(index + 1) % 8] = nudge;
  return vector;
}

let root: string;
let folder: string;
let runtime: Runtime;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'viscura-vectors-'));
  folder = join(root, 'photos');
  await mkdir(folder, { recursive: true });
  runtime = await openRuntime(
    loadConfig({ env: {}, overrides: { dataDir: join(root, 'data') } }),
    silentLogger,
  );
});

afterEach(async () => {
  await runtime.close();
  await rm(root, { recursive: true, force: true });
});

async function images(count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    keys.push(`${i}.png`);
    await writeFile(join(folder, `${i}.png`), await picture(i));
  }
  return keys;
}

async function jsonl(name: string, lines: unknown[]): Promise<void> {
  const text = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  await writeFile(join(folder, name), `${text}\n`);
}

async function ingest(options: Parameters<typeof ingestFolder>[2] = {}) {
  return ingestFolder(folder, runtime.ingestContext(await runtime.embedder()), options);
}

describe('bring your own embeddings', () => {
  it('stores the supplied vectors (unit length) with their model, and similar search follows them', async () => {
    await images(4);
    // 0 and 3 share a direction; the descriptor would pair them by colour, not by this.
    await jsonl('embeddings.jsonl', [
      { key: '0.png', vector: axis(0, 0.1), model: 'acme-v1' },
      { key: '1.png', vector: axis(1) },
      { key: '2.png', vector: axis(2) },
      { key: './3.png', vector: axis(0, 0.2).map((value) => value * 5) },
    ]);
    const summary = await ingest();
    expect(summary).toMatchObject({ ingested: 4, failed: [] });
    expect(summary.vectors).toEqual({ model: 'acme-v1', file: 'embeddings.jsonl', problems: [] });
    expect(await runtime.store.model()).toEqual({ id: 'acme-v1', dimension: 8 });
    expect(await runtime.store.suppliedModel()).toEqual({ id: 'acme-v1', dimension: 8 });

    const row = await runtime.store.images.getByKey('default', '3.png');
    expect(row?.model).toBe('acme-v1');
    expect(Math.hypot(...(row?.vector ?? []))).toBeCloseTo(1, 5);
    expect(row?.vector[0]).toBeCloseTo(1 / Math.hypot(1, 0.2), 5);
    // Quality scores and thumbnails are still made from the pixels.
    expect(await runtime.bucket.get(row?.thumbnailKey as string)).toBeDefined();

    const hits = await runtime.store.images.vectorSearch('default', row?.vector as Float32Array, {
      limit: 2,
      exclude: [row?.id as string],
    });
    expect(hits[0].row.key).toBe('0.png');
    expect(hits[0].score).toBeGreaterThan(0.99);
  });

  it('fails each bad vector with its reason, stores the rest, and reports keys with no image', async () => {
    await images(9);
    await jsonl('embeddings.jsonl', [
      { key: '0.png', vector: axis(0), model: 'acme-v1' },
      { key: '1.png', vector: [1, 2, 3], model: 'acme-v1' },
      '{"key": "2.png", "vector": [1, 0, 0, 0, 0, 0, 0, 1e999]}',
      { key: '3.png', vector: [1, 0, 0, 0, 0, 0, 0, 1e39] },
      { key: '4.png', vector: [1, 0, null, 0, 0, 0, 0, 0] },
      { key: '5.png', vector: new Array(8).fill(0) },
      { key: '6.png', vector: axis(6), model: 'other-model' },
      { key: '7.png', vector: axis(7) },
      { key: '7.png', vector: axis(1) },
      { key: 'ghost.png', vector: axis(3) },
      '{"vector": [1, 2]',
    ]);
    const summary = await ingest({ vectors: { model: 'acme-v1' } });
    expect(summary.ingested).toBe(1);
    const reasons = Object.fromEntries(summary.failed.map((failure) => [failure.key, failure.reason]));
    expect(reasons).toEqual({
      '1.png': 'its vector (embeddings.jsonl line 2) has 3 values; "acme-v1" vectors have 8',
      '2.png': expect.stringMatching(/line 3: vector\[7\]: must be a finite number/),
      '3.png': expect.stringMatching(/line 4: vector\[7\]: overflows 32-bit floats/),
      '4.png': expect.stringMatching(/line 5: vector\[2\]: must be a finite number/),
      '5.png': 'its vector (embeddings.jsonl line 6) is all zeros: it has no direction',
      '6.png': 'its vector (embeddings.jsonl line 7) is of model "other-model", not "acme-v1"',
      '7.png': expect.stringMatching(/two vectors for this image \(embeddings.jsonl line 8 and .* line 9\)/),
      '8.png': 'no vector supplied for this image in embeddings.jsonl or 8.png.embedding.json',
    });
    expect(summary.vectors?.problems).toEqual([
      { where: 'embeddings.jsonl line 11', reason: expect.stringMatching(/^not JSON/) },
      { where: 'embeddings.jsonl: ghost.png', reason: 'no image with this key in the folder' },
    ]);
    // Nothing is lost: the failures are recorded, and a corrected file brings the images in.
    expect(await runtime.store.failures.count('default')).toBe(8);
    await jsonl(
      'embeddings.jsonl',
      Array.from({ length: 9 }, (_, i) => ({ key: `${i}.png`, vector: axis(i % 8, i / 10) })),
    );
    const again = await ingest({ vectors: { model: 'acme-v1' } });
    expect(again).toMatchObject({ ingested: 8, unchanged: 1, failed: [] });
    expect(await runtime.store.failures.count('default')).toBe(0);
  });

  it('writes nothing twice when run again, and takes the size most vectors have', async () => {
    await images(3);
    // The odd one out comes first: the size is the file's most common, not the first line's.
    await jsonl('vectors.jsonl', [
      { key: '0.png', vector: [1, 2, 3, 4] },
      { key: '1.png', vector: axis(1) },
      { key: '2.png', vector: axis(2) },
    ]);
    const options = { vectors: { file: join(folder, 'vectors.jsonl'), model: 'acme-v1' } };
    const first = await ingest(options);
    expect(first.ingested).toBe(2);
    expect(first.failed).toEqual([
      { key: '0.png', reason: expect.stringMatching(/has 4 values; .* have 8/) },
    ]);
    const before = await runtime.store.images.getByKey('default', '1.png');
    expect(await ingest(options)).toMatchObject({ ingested: 0, unchanged: 2 });
    expect(await runtime.store.images.count('default')).toBe(2);
    expect((await runtime.store.images.getByKey('default', '1.png'))?.ingestedAt).toBe(before?.ingestedAt);
  });

  it('reads Parquet (key + vector columns, the model in the file metadata, any codec, several row groups)', async () => {
    await images(3);
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'key', data: ['0.png', '1.png', '2.png'], type: 'STRING' },
        { name: 'vector', data: [axis(0), axis(1), [0, 0, Number.NaN, 0, 0, 0, 0, 0]] },
      ],
      codec: 'GZIP',
      compressors: { GZIP: (input) => gzipSync(input) },
      kvMetadata: [{ key: 'model', value: 'acme-parquet' }],
      rowGroupSize: 2,
    });
    await writeFile(join(folder, 'embeddings.parquet'), new Uint8Array(bytes));
    const summary = await ingest();
    expect(summary.vectors).toMatchObject({ model: 'acme-parquet', file: 'embeddings.parquet' });
    expect(summary.ingested).toBe(2);
    expect(summary.failed).toEqual([
      {
        key: '2.png',
        reason: expect.stringMatching(/embeddings.parquet row 2: vector\[2\]: must be a finite number/),
      },
    ]);
    expect(await runtime.store.model()).toEqual({ id: 'acme-parquet', dimension: 8 });
  });

  it('refuses a file that is not Parquet, or lacks the columns, with a sentence', async () => {
    await images(1);
    await writeFile(join(folder, 'embeddings.parquet'), 'not parquet at all');
    await expect(ingest({ vectors: { model: 'acme-v1' } })).rejects.toThrow(
      /embeddings.parquet is not a readable Parquet file/,
    );
    const bytes = parquetWriteBuffer({ columnData: [{ name: 'path', data: ['0.png'], type: 'STRING' }] });
    await writeFile(join(folder, 'embeddings.parquet'), new Uint8Array(bytes));
    await expect(ingest({ vectors: { model: 'acme-v1' } })).rejects.toThrow(
      /needs a "key" column and a "vector"/,
    );
    expect(await runtime.store.images.count('default')).toBe(0);
  });

  it('reads a sidecar per image, and needs the model named somewhere', async () => {
    await images(2);
    await writeFile(join(folder, '0.png.embedding.json'), JSON.stringify({ vector: axis(0) }));
    await expect(ingest()).rejects.toThrow(/0.png.embedding.json names no model: .*--model-name NAME/);
    await writeFile(
      join(folder, '0.png.embedding.json'),
      JSON.stringify({ vector: axis(0), model: 'acme-v1' }),
    );
    await writeFile(join(folder, '1.png.embedding.json'), '{"vector": [1, 0,');
    const summary = await ingest();
    expect(summary.ingested).toBe(1);
    expect(summary.failed).toEqual([
      {
        key: '1.png',
        reason: expect.stringMatching(/its vector is unusable: 1.png.embedding.json is not JSON/),
      },
    ]);
    expect(await runtime.store.model()).toEqual({ id: 'acme-v1', dimension: 8 });
  });

  it('refuses vectors of another model than the store holds, with the way out', async () => {
    await images(2);
    expect(await ingest()).toMatchObject({ ingested: 2 });
    await writeFile(join(folder, '2.png'), await picture(2));
    await jsonl('embeddings.jsonl', [{ key: '2.png', vector: axis(2) }]);
    await expect(ingest({ vectors: { model: 'acme-v1' } })).rejects.toThrow(
      /holds vectors of model "descriptor-v1" .* and these are of "acme-v1": mixing models in one store is refused.*viscura reembed <dir> --vectors FILE --model-name acme-v1/,
    );
    expect(await runtime.store.images.count('default')).toBe(2);
  });

  it('refuses the built-in model name and a folder with two vector files', async () => {
    await images(1);
    await jsonl('embeddings.jsonl', [{ key: '0.png', vector: axis(0) }]);
    await expect(ingest({ vectors: { model: 'descriptor' } })).rejects.toThrow(
      /names viscura's built-in embedder/,
    );
    await expect(ingest({ vectors: { model: 'Bad Name' } })).rejects.toThrow(/--model-name "Bad Name"/);
    await writeFile(join(folder, 'embeddings.parquet'), '');
    await expect(ingest({ vectors: { model: 'acme-v1' } })).rejects.toThrow(
      /both embeddings.parquet and embeddings.jsonl/,
    );
  });

  it('on a store of supplied vectors, an image without one fails with what to do; its sidecar brings it in', async () => {
    await images(1);
    await jsonl('embeddings.jsonl', [{ key: '0.png', vector: axis(0), model: 'acme-v1' }]);
    await ingest();
    await rm(join(folder, 'embeddings.jsonl'));
    await runtime.close();
    runtime = await openRuntime(
      loadConfig({ env: {}, overrides: { dataDir: join(root, 'data') } }),
      silentLogger,
    );
    const embedder = await runtime.embedder();
    expect(embedder).toMatchObject({
      modelId: 'acme-v1',
      dimension: 8,
      precomputed: true,
      hasTextTower: false,
    });
    await expect(embedder.embedImages([])).rejects.toThrow(/no image tower/);

    await writeFile(join(folder, '1.png'), await picture(1));
    const summary = await ingest();
    expect(summary.failed).toEqual([
      {
        key: '1.png',
        reason: expect.stringMatching(
          /^no vector supplied for this image: "acme-v1" vectors come .* or write 1.png.embedding.json$/,
        ),
      },
    ]);

    const watcher = watchFolder(folder, runtime.ingestContext(embedder), { settleMs: 20 });
    await watcher.ready;
    try {
      await writeFile(join(folder, '1.png.embedding.json'), JSON.stringify({ vector: axis(1) }));
      await waitFor(async () => (await runtime.store.images.count('default')) === 2);
    } finally {
      await watcher.close();
    }
    expect((await runtime.store.images.getByKey('default', '1.png'))?.model).toBe('acme-v1');
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
