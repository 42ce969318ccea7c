/**
 * Reading supplied vectors (bring your own embeddings): viscura's readers, which validate every value with zod
 * and keep float32, next to the bare library read of the same file (JSON.parse per line; hyparquet's
 * parquetReadObjects), in one run. Each phase runs in its own process, so its peak RSS is its own.
 *
 *   node bin/run-ts.mjs bench/main.ts vectors [--n 10000] [--dim 512]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    dim: { type: 'string', default: '512' },
    phase: { type: 'string' },
    dir: { type: 'string' },
  },
});

const PHASES = [
  ['bare-jsonl', 'JSON.parse per line (bare)'],
  ['jsonl', 'viscura JSONL reader (zod, float32)'],
  ['bare-parquet', 'hyparquet parquetReadObjects (bare)'],
  ['parquet', 'viscura Parquet reader (row groups, zod, float32)'],
] as const;

interface PhaseResult {
  seconds: number;
  rssMb: number;
  vectors: number;
}

if (values.phase) await runPhase(values.phase, values.dir as string);
else await main(Number(values.n), Number(values.dim));

async function main(n: number, dim: number) {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-vectors-'));
  try {
    process.stderr.write(`writing ${n} x ${dim} vectors as JSONL and Parquet in ${dir}\n`);
    await writeFiles(dir, n, dim);
    const results = new Map(PHASES.map(([phase]) => [phase, runChild(phase, dir)]));
    console.log(
      `\nreading ${n} supplied vectors of ${dim} values (float32 in memory: ${((n * dim * 4) / 2 ** 20).toFixed(0)} MB)\n`,
    );
    console.log('| reader | vectors/s | peak RSS MB | vs the bare read of the same file (rate) |');
    console.log('|---|---|---|---|');
    for (const [phase, label] of PHASES) {
      const result = results.get(phase) as PhaseResult;
      const bare = results.get(
        phase.startsWith('bare') ? phase : (`bare-${phase}` as typeof phase),
      ) as PhaseResult;
      if (result.vectors !== n) throw new Error(`${phase} read ${result.vectors} of ${n} vectors`);
      console.log(
        `| ${label} | ${(n / result.seconds).toFixed(0)} | ${result.rssMb.toFixed(0)} | ${(bare.seconds / result.seconds).toFixed(2)}x |`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runChild(phase: string, dir: string): PhaseResult {
  const child = spawnSync(
    process.execPath,
    ['bin/run-ts.mjs', 'bench/vectors.ts', '--phase', phase, '--dir', dir],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (child.status !== 0) throw new Error(`phase ${phase} failed with status ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as PhaseResult;
}

async function runPhase(phase: string, dir: string) {
  const jsonl = join(dir, 'embeddings.jsonl');
  const parquet = join(dir, 'embeddings.parquet');
  // Modules load outside the clock: a one-off cost, not a per-vector one.
  const { readVectorLines } = await import('../shared/ingest/vectors/jsonl.ts');
  const { readVectorParquet } = await import('../shared/ingest/vectors/parquet.ts');
  const hyparquet = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const started = performance.now();
  let vectors = 0;
  if (phase === 'bare-jsonl') {
    const lines = createInterface({ input: createReadStream(jsonl, { encoding: 'utf8' }) });
    const kept: unknown[] = [];
    for await (const line of lines) if (line) kept.push(JSON.parse(line));
    vectors = kept.length;
  } else if (phase === 'jsonl') {
    vectors = (await readVectorLines(jsonl, 'embeddings.jsonl')).entries.size;
  } else if (phase === 'bare-parquet') {
    const file = await hyparquet.asyncBufferFromFile(parquet);
    vectors = (await hyparquet.parquetReadObjects({ file, compressors })).length;
  } else {
    vectors = (await readVectorParquet(parquet, 'embeddings.parquet')).entries.size;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ seconds, rssMb: process.resourceUsage().maxRSS / 1024, vectors }));
}

async function writeFiles(dir: string, n: number, dim: number) {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const keys: string[] = [];
  const vectors: number[][] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const vector = Array.from({ length: dim }, (_, d) => Math.fround(Math.sin(i * 0.37 + d * 1.3)));
    keys.push(`images/${String(i).padStart(7, '0')}.jpg`);
    vectors.push(vector);
    lines.push(JSON.stringify({ key: keys[i], vector }));
  }
  await writeFile(join(dir, 'embeddings.jsonl'), `${lines.join('\n')}\n`);
  // Snappy (hyparquet-writer's and pyarrow's default), row groups of 4,096 rows.
  const bytes = parquetWriteBuffer({
    columnData: [
      { name: 'key', data: keys, type: 'STRING' },
      { name: 'vector', data: vectors },
    ],
    kvMetadata: [{ key: 'model', value: 'bench-model' }],
    rowGroupSize: 4096,
  });
  await writeFile(join(dir, 'embeddings.parquet'), new Uint8Array(bytes));
}
