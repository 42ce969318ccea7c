/**
 * Media throughput: where decoding time goes, next to the bare sharp decode-and-resize of the same files in the
 * same run. Phases alternate (bare, decode, full, bare, ...) so machine load hits them alike.
 *
 *   node bin/run-ts.mjs bench/media-decode.ts [--n 300] [--rounds 2]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import sharp from 'sharp';
import {
  analyzeQuality,
  DEFAULT_WORKING_SIZE,
  type DecodedImage,
  decodeImage,
  makeThumbnail,
  pixelHash,
} from '../shared/media/index.ts';
import { renderScene, SCENE_KINDS } from '../shared/samples/index.ts';
import { bareDecode } from './media/bare-decode.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '300' }, rounds: { type: 'string', default: '2' } },
});
const n = Number(values.n);
const rounds = Number(values.rounds);
const limits = { maxBytes: 100 * 1024 * 1024, maxPixels: 100_000_000 };
const parallel = pLimit(cpus().length);

const phases: Record<string, (file: string) => Promise<unknown>> = {
  'bare sharp(file).rotate().resize(384 shortest side).raw()': bareDecode,
  'decodeImage (read, header, decode, sha256, pixelHash)': async (file) =>
    decodeImage(await readFile(file), limits),
  '+ analyzeQuality + 256 px WebP thumbnail': async (file) => {
    const decoded = await decodeImage(await readFile(file), limits);
    analyzeQuality(decoded.raster, decoded.meta);
    return makeThumbnail(decoded.raster, 256);
  },
};

const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-media-'));
try {
  process.stderr.write(`generating ${n} JPEGs of 1155x866 (1 MP) in ${dir}\n`);
  const files = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      parallel(async () => {
        const file = join(dir, `${String(i).padStart(5, '0')}.jpg`);
        await writeFile(
          file,
          await renderScene(i, SCENE_KINDS[i % SCENE_KINDS.length], 1155, 866, 'jpeg', 85),
        );
        return file;
      }),
    ),
  );
  const seconds: Record<string, number> = Object.fromEntries(Object.keys(phases).map((name) => [name, 0]));
  const cpuMs: Record<string, number> = Object.fromEntries(Object.keys(phases).map((name) => [name, 0]));
  for (const run of Object.values(phases))
    await Promise.all(files.slice(0, 20).map((file) => parallel(() => run(file))));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(phases)) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      await Promise.all(files.map((file) => parallel(() => run(file))));
      seconds[name] += (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStarted);
      cpuMs[name] += (cpu.user + cpu.system) / 1000;
    }
  }
  const bare = (n * rounds) / Object.values(seconds)[0];
  const bareCpu = Object.values(cpuMs)[0] / (n * rounds);
  console.log(
    `\nmedia throughput, ${n} JPEGs of 1155x866 x ${rounds} rounds, ${cpus().length} cores, working size ${DEFAULT_WORKING_SIZE} px\n`,
  );
  // CPU time (all threads) per image is steadier than wall time on a shared machine; both are shown.
  console.log('| path | images/s | vs bare | CPU ms/image | bare CPU / this CPU |');
  console.log('|---|---|---|---|---|');
  for (const [name, total] of Object.entries(seconds)) {
    const rate = (n * rounds) / total;
    const cpu = cpuMs[name] / (n * rounds);
    console.log(
      `| ${name} | ${rate.toFixed(1)} | ${(rate / bare).toFixed(2)}x | ${cpu.toFixed(2)} | ${(bareCpu / cpu).toFixed(2)}x |`,
    );
  }
  await mainThreadCosts(files.slice(0, 60));
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** The JavaScript each image costs on the main thread (CPU ms), which no libvips thread can take over. */
async function mainThreadCosts(files: string[]) {
  const decoded: DecodedImage[] = [];
  for (const file of files) decoded.push(await decodeImage(await readFile(file), limits));
  const cpu = (work: (d: DecodedImage) => void) => {
    for (const d of decoded) work(d);
    const started = process.cpuUsage();
    for (let k = 0; k < 3; k++) for (const d of decoded) work(d);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000 / (3 * decoded.length);
  };
  const { width, height } = decoded[0].raster;
  console.log(`\nmain-thread CPU per image at ${width}x${height}\n`);
  console.log('| step | CPU ms |');
  console.log('|---|---|');
  console.log(
    `| analyzeQuality (all seven scores) | ${cpu((d) => analyzeQuality(d.raster, d.meta)).toFixed(2)} |`,
  );
  console.log(`| pixelHash | ${cpu((d) => pixelHash(d.raster, d.meta)).toFixed(2)} |`);
  const thumbnails = performance.now();
  const thumbCpu = process.cpuUsage();
  for (const d of decoded) await makeThumbnail(d.raster, 256);
  const used = process.cpuUsage(thumbCpu);
  console.log(
    `| makeThumbnail 256 px WebP (libvips, all threads) | ${((used.user + used.system) / 1000 / decoded.length).toFixed(2)} (wall ${((performance.now() - thumbnails) / decoded.length).toFixed(2)}) |`,
  );
}
