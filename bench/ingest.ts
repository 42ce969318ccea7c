/**
 * Ingest throughput: the full `ingest` (decode, quality, thumbnail, descriptor embedding, LanceDB writes) next to
 * the bare sharp decode-and-resize of the same files to the same working size, in one run. Each phase runs in its
 * own process so its peak RSS is its own. CPU ms per image (all threads: libvips, LanceDB, JS) is printed too: on a
 * shared machine it moves less with other processes' load than images/s. `--stages` adds the per-image CPU of each
 * stage, run one after another on one thread.
 *
 *   node bin/run-ts.mjs bench/main.ts ingest [--n 1000] [--keep] [--stages]
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { DEFAULT_WORKING_SIZE } from '../shared/media/index.ts';
import { bareDecode } from './media/bare-decode.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    stages: { type: 'boolean', default: false },
    phase: { type: 'string' },
    dir: { type: 'string' },
  },
  allowPositionals: true,
});

if (values.phase) {
  await runPhase(values.phase, values.dir as string);
} else {
  await main(Number(values.n));
}

async function main(n: number) {
  const root = await mkdtemp(join(tmpdir(), 'viscura-bench-ingest-'));
  const images = join(root, 'images');
  try {
    process.stderr.write(`generating ${n} ~1 MP JPEGs in ${images}\n`);
    await generate(images, n);
    const results = ['bare', 'ingest'].map((phase) => runChild(phase, root));
    const [bare, ingest] = results;
    console.log(
      `\ningest throughput, ${n} JPEGs of 1155x866 (1 MP), ${cpus().length} cores, working size ${DEFAULT_WORKING_SIZE}px\n`,
    );
    console.log('| path | images/s | CPU ms/image | peak RSS MB | vs bare decode (rate) | vs bare (CPU) |');
    console.log('|---|---|---|---|---|---|');
    for (const result of results) {
      console.log(
        `| ${result.label} | ${result.rate.toFixed(1)} | ${result.cpuMs.toFixed(1)} | ${result.rssMb.toFixed(0)} | ${(result.rate / bare.rate).toFixed(2)}x | ${(bare.cpuMs / result.cpuMs).toFixed(2)}x |`,
      );
    }
    console.log(
      `\ngoal: ingest >= 0.70x the bare decode rate; measured ${(ingest.rate / bare.rate).toFixed(2)}x`,
    );
    if (values.stages) printStages(runChild('stages', root) as unknown as StageResult);
  } finally {
    if (!values.keep) await rm(root, { recursive: true, force: true });
  }
}

interface PhaseResult {
  label: string;
  rate: number;
  /** CPU time of the whole process (every thread) per image. */
  cpuMs: number;
  rssMb: number;
}

interface StageResult {
  images: number;
  stages: [string, number][];
}

function printStages(result: StageResult) {
  console.log(`\nper-image CPU by stage, ${result.images} images one at a time on one thread (ms)\n`);
  console.log('| stage | CPU ms/image |');
  console.log('|---|---|');
  for (const [stage, ms] of result.stages) console.log(`| ${stage} | ${ms.toFixed(2)} |`);
}

function runChild(phase: string, root: string): PhaseResult {
  const child = spawnSync(
    process.execPath,
    ['bin/run-ts.mjs', 'bench/ingest.ts', '--phase', phase, '--dir', root],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, VISCURA_LOG_LEVEL: 'warn' },
    },
  );
  if (child.status !== 0) throw new Error(`phase ${phase} failed with status ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as PhaseResult;
}

async function runPhase(phase: string, root: string) {
  const images = join(root, 'images');
  const files = (await readdir(images)).map((name) => join(images, name));
  if (phase === 'stages') {
    const { measureStages } = await import('./ingest-stages.ts');
    console.log(JSON.stringify({ images: files.length, stages: await measureStages(files) }));
    return;
  }
  // Loading (and, under tsx, transpiling) the modules is a one-off cost of ~0.8 s CPU, not a per-image one: it is
  // kept out of the clock so that --n 300 and --n 1000 measure the same rate. Opening the store stays inside.
  const modules = phase === 'ingest' ? await loadIngestModules() : undefined;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let label: string;
  if (phase === 'bare') {
    label = 'bare sharp decode + resize (physical limit)';
    const limit = pLimit(cpus().length);
    await Promise.all(files.map((file) => limit(() => bareDecode(file))));
  } else {
    label = 'viscura ingest (descriptor, thumbnails, quality, LanceDB)';
    const { loadConfig, createLogger, openRuntime, ingestFolder } = modules as IngestModules;
    const config = loadConfig({ overrides: { dataDir: join(root, 'data') } });
    const runtime = await openRuntime(config, createLogger('warn'));
    const summary = await ingestFolder(images, runtime.ingestContext(await runtime.embedder()));
    await runtime.close();
    if (summary.ingested !== files.length) throw new Error(`ingested ${summary.ingested} of ${files.length}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000 / files.length;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ label, rate: files.length / seconds, cpuMs, rssMb }));
}

async function loadIngestModules() {
  const [{ loadConfig }, { createLogger }, { openRuntime }, { ingestFolder }] = await Promise.all([
    import('../shared/config/index.ts'),
    import('../shared/log/index.ts'),
    import('../shared/runtime/index.ts'),
    import('../shared/ingest/index.ts'),
  ]);
  return { loadConfig, createLogger, openRuntime, ingestFolder };
}

type IngestModules = Awaited<ReturnType<typeof loadIngestModules>>;

/** Varied photo-like content: smooth gradients, shapes and noise, so JPEG sizes look like real photos. */
async function generate(dir: string, n: number) {
  await mkdir(dir, { recursive: true });
  const limit = pLimit(cpus().length);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      limit(async () => {
        const hue = (i * 37) % 360;
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1155" height="866">
          <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
            <stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},60%,30%)"/>
          </linearGradient></defs>
          <rect width="1155" height="866" fill="url(#g)"/>
          <circle cx="${200 + ((i * 53) % 700)}" cy="${150 + ((i * 29) % 500)}" r="${60 + (i % 140)}" fill="hsl(${(hue + 200) % 360},80%,50%)"/>
          <rect x="${(i * 71) % 900}" y="${(i * 43) % 600}" width="220" height="160" fill="hsl(${(hue + 60) % 360},50%,70%)" transform="rotate(${i % 45})"/>
        </svg>`;
        const noise = await sharp({
          create: {
            width: 1155,
            height: 866,
            channels: 3,
            background: '#808080',
            noise: { type: 'gaussian', mean: 128, sigma: 18 },
          },
        })
          .png()
          .toBuffer();
        const jpeg = await sharp(Buffer.from(svg))
          .composite([{ input: noise, blend: 'soft-light' }])
          .jpeg({ quality: 85 })
          .toBuffer();
        await writeFile(join(dir, `img-${String(i).padStart(5, '0')}.jpg`), jpeg);
      }),
    ),
  );
}
