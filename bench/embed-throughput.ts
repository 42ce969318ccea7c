/**
 * Embedding throughput: the full embedder path (JPEG decode + CLIP preprocessing + inference, decode of the next
 * chunk overlapped with the current one) next to a bare `session.run` on pre-made tensors of the same batch size,
 * in one run, per model. Overhead ratio = full time / bare inference time; inference busy = its inverse.
 *
 *   node bin/run-ts.mjs bench/embed-throughput.ts [--n 256] [--batch 16] [--rounds 3] [--models-dir models/cache]
 *
 * Rows: the generated tiny model (inference is nearly free, so this row measures decode + preprocessing), a
 * synthetic stand-in with ViT-B/32's compute (random weights: timing only, never a quality figure), and every
 * installed CLIP manifest from the catalog; an absent one is reported as absent, with no numbers.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { buildTestModel } from '../models/build-test-model.ts';
import { encodeModel, floatTensor, int64Tensor, node, valueInfo } from '../models/onnx-graph.ts';
import { OnnxEmbedder } from '../shared/embed/index.ts';
import { createPreprocessor } from '../shared/embed/preprocess/index.ts';
import { createLogger } from '../shared/log/index.ts';
import { decodeImage } from '../shared/media/index.ts';
import type { Raster } from '../shared/media/types.ts';
import { listModels, type ModelManifest, parseManifest, readCatalog } from '../shared/models/index.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '256' },
    batch: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    'models-dir': { type: 'string', default: process.env.VISCURA_MODELS_DIR ?? 'models/cache' },
  },
});
const N = Number(values.n);
const BATCH = Number(values.batch);
const CHUNK = BATCH * 4;
// Bare and full runs alternate and the best of each is kept: other load on the machine only ever slows a run.
const ROUNDS = Number(values.rounds);
const log = createLogger('warn');
const limits = { maxBytes: 50_000_000, maxPixels: 50_000_000 };

interface Row {
  model: string;
  note: string;
  full?: number;
  bare?: number;
  decode?: number;
  preprocess?: number;
}

const scratch = await mkdtemp(join(tmpdir(), 'viscura-bench-embed-'));
try {
  process.stderr.write(`generating ${N} ~1 MP JPEGs\n`);
  const jpegs = await generateJpegs(N);
  const rows: Row[] = [];
  const { manifest: tiny, dir: tinyDir } = await buildTestModel(scratch);
  rows.push(await measure(tiny, tinyDir, jpegs, 'generated test model, D=32'));
  const standin = await buildStandIn(scratch);
  rows.push(
    await measure(standin.manifest, standin.dir, jpegs, 'random weights, ViT-B/32 FLOPs; timing only'),
  );
  const modelsDir = resolve(values['models-dir'] as string);
  const installed = (await listModels(modelsDir)).models;
  for (const manifest of await readCatalog()) {
    const entry = installed.find((m) => m.manifest.id === manifest.id && m.state === 'installed');
    rows.push(
      entry
        ? await measure(entry.manifest, entry.dir, jpegs, `${manifest.precision}, installed`)
        : {
            model: manifest.id,
            note: `not installed in ${modelsDir}: \`viscura models pull ${manifest.id}\` to measure it`,
          },
    );
  }
  print(rows);
} finally {
  await rm(scratch, { recursive: true, force: true });
}

async function measure(manifest: ModelManifest, dir: string, jpegs: Buffer[], note: string): Promise<Row> {
  process.stderr.write(`measuring ${manifest.id}\n`);
  const embedder = await OnnxEmbedder.load(manifest, dir, { provider: 'cpu', log, batchSize: BATCH });
  try {
    const preprocess = createPreprocessor(manifest.image);
    // Warm-up: first runs allocate and JIT.
    const warm = await decodeAll(jpegs.slice(0, BATCH));
    await embedder.embedImages(warm);

    const decodeStart = performance.now();
    const rasters: Raster[] = [];
    for (let i = 0; i < jpegs.length; i += CHUNK)
      rasters.push(...(await decodeAll(jpegs.slice(i, i + CHUNK))));
    const decode = performance.now() - decodeStart;

    const tensors: Float32Array[] = [];
    const preprocessStart = performance.now();
    for (let i = 0; i < rasters.length; i += BATCH)
      tensors.push(await preprocess(rasters.slice(i, i + BATCH)));
    const preprocess_ = performance.now() - preprocessStart;

    let bare = Number.POSITIVE_INFINITY;
    let full = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS; round++) {
      const bareStart = performance.now();
      for (const [b, tensor] of tensors.entries())
        await embedder.inferImages(tensor, Math.min(BATCH, N - b * BATCH));
      bare = Math.min(bare, performance.now() - bareStart);

      const fullStart = performance.now();
      let next = decodeAll(jpegs.slice(0, CHUNK));
      for (let i = 0; i < jpegs.length; i += CHUNK) {
        const chunk = await next;
        if (i + CHUNK < jpegs.length) next = decodeAll(jpegs.slice(i + CHUNK, i + 2 * CHUNK));
        await embedder.embedImages(chunk);
      }
      full = Math.min(full, performance.now() - fullStart);
    }
    return { model: manifest.id, note, full, bare, decode, preprocess: preprocess_ };
  } finally {
    await embedder.dispose();
  }
}

function decodeAll(jpegs: Buffer[]): Promise<Raster[]> {
  return Promise.all(jpegs.map(async (jpeg) => (await decodeImage(jpeg, limits)).raster));
}

function print(rows: Row[]): void {
  const perSecond = (ms?: number) => (ms === undefined ? '-' : (N / (ms / 1000)).toFixed(1));
  const perImage = (ms?: number) => (ms === undefined ? '-' : (ms / N).toFixed(2));
  const table = [
    [
      'model',
      'full img/s',
      'bare inference img/s',
      'overhead (full/bare)',
      'inference busy',
      'decode ms/img',
      'preprocess ms/img',
      'note',
    ],
    ...rows.map((r) => [
      r.model,
      perSecond(r.full),
      perSecond(r.bare),
      r.full && r.bare ? `${(r.full / r.bare).toFixed(2)}x` : '-',
      r.full && r.bare ? `${((100 * r.bare) / r.full).toFixed(0)}%` : '-',
      perImage(r.decode),
      perImage(r.preprocess),
      r.note,
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  process.stdout.write(
    `\nembedding throughput: ${N} JPEGs of ~1 MP, batch ${BATCH}, best of ${ROUNDS} rounds, ${availableParallelism()} cores (load average ${loadavg()[0].toFixed(1)}), onnxruntime CPU\n`,
  );
  for (const row of table)
    process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c])).join('  ')}\n`);
}

/** Smooth colour fields with texture, like photos: JPEG decode cost close to real ones of the same size. */
async function generateJpegs(count: number): Promise<Buffer[]> {
  const distinct = Math.min(count, 32);
  const made: Buffer[] = [];
  for (let k = 0; k < distinct; k++) {
    const [w, h] = k % 3 === 0 ? [900, 1200] : [1200, 900];
    const data = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        const t = Math.sin((x * (k + 3)) / 97) * Math.cos((y * (k + 5)) / 89);
        data[i] = 128 + 90 * t + ((x * y + k) % 23);
        data[i + 1] = 128 + 80 * Math.sin((x + y + k * 31) / 53) + ((x ^ y) % 17);
        data[i + 2] = 128 - 70 * t + (((x + 3 * y) * 7) % 19);
      }
    }
    made.push(
      await sharp(data, { raw: { width: w, height: h, channels: 3 } })
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
  }
  return Array.from({ length: count }, (_, i) => made[i % distinct]);
}

/**
 * A timing stand-in with ViT-B/32's shape of work: 32x32 patches embedded to 768, twelve 768->3072->768 MLP
 * blocks over the 49 tokens (one weight set reused, so the file stays small), mean pool, projection to 512.
 * About 5.5 GFLOPs per image, ViT-B/32 is about 4.4.
 */
async function buildStandIn(root: string): Promise<{ manifest: ModelManifest; dir: string }> {
  const dir = join(root, 'vit-b32-cost-standin');
  const random = () => (Math.random() - 0.5) * 0.02;
  const width = 768;
  const hidden = 3072;
  const nodes = [
    node('Conv', ['pixel_values', 'patch_w'], ['patches'], { kernel_shape: [32, 32], strides: [32, 32] }),
    node('Reshape', ['patches', 'tokens_shape'], ['tokens_t']),
    node('Transpose', ['tokens_t'], ['x0'], { perm: [0, 2, 1] }),
  ];
  for (let layer = 0; layer < 12; layer++) {
    nodes.push(
      node('MatMul', [`x${layer}`, 'up'], [`u${layer}`]),
      node('Relu', [`u${layer}`], [`r${layer}`]),
      node('MatMul', [`r${layer}`, 'down'], [`d${layer}`]),
      node('Add', [`x${layer}`, `d${layer}`], [`x${layer + 1}`]),
    );
  }
  nodes.push(
    node('ReduceMean', ['x12', 'token_axis'], ['pooled'], { keepdims: 0 }),
    node('MatMul', ['pooled', 'projection'], ['image_embeds']),
  );
  const model = encodeModel({
    name: 'standin',
    inputs: [valueInfo('pixel_values', 'float', ['batch', 3, 224, 224])],
    outputs: [valueInfo('image_embeds', 'float', ['batch', 512])],
    initializers: [
      floatTensor('patch_w', [width, 3, 32, 32], new Float32Array(width * 3 * 32 * 32).map(random)),
      int64Tensor('tokens_shape', [3], [0, width, -1]),
      floatTensor('up', [width, hidden], new Float32Array(width * hidden).map(random)),
      floatTensor('down', [hidden, width], new Float32Array(hidden * width).map(random)),
      int64Tensor('token_axis', [1], [1]),
      floatTensor('projection', [width, 512], new Float32Array(width * 512).map(random)),
    ],
    nodes,
  });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'visual.onnx'), model);
  const manifest = parseManifest(
    {
      manifestVersion: 1,
      id: 'vit-b32-cost-standin',
      name: 'ViT-B/32-cost stand-in',
      family: 'bench',
      licence: 'MIT',
      dimension: 512,
      image: {
        file: 'visual.onnx',
        input: 'pixel_values',
        output: 'image_embeds',
        size: 224,
        mean: [0.48145466, 0.4578275, 0.40821073],
        std: [0.26862954, 0.26130258, 0.27577711],
      },
      files: [{ path: 'visual.onnx', bytes: model.byteLength, sha256: null }],
    },
    'stand-in',
  );
  return { manifest, dir };
}
