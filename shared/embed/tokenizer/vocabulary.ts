import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { safeJson } from '../../json/safe.ts';
import { END_OF_WORD } from './bpe.ts';
import { alphabetInVocabularyOrder, byteAlphabet } from './bytes.ts';

/** Token strings to ids, and the merge list in rank order. */
export interface BpeVocabulary {
  encoder: Map<string, number>;
  merges: Array<[string, string]>;
}

export const START_TOKEN = '<|startoftext|>';
export const END_TOKEN = '<|endoftext|>';
// The reference reads merges[1 : 49152 - 256 - 2 + 1]: the header line is skipped and the list is capped.
const MERGE_COUNT = 49152 - 256 - 2;

/** Where a model's vocabulary lives: OpenAI's merges file (gzip or plain), HF's vocab.json + merges.txt, or tokenizer.json. */
export type VocabularySource =
  | { kind: 'bpe'; path: string }
  | { kind: 'vocab-merges'; vocab: string; merges: string }
  | { kind: 'tokenizer-json'; path: string };

export async function loadVocabulary(source: VocabularySource): Promise<BpeVocabulary> {
  switch (source.kind) {
    case 'bpe':
      return vocabularyFromMerges(parseMergesText(decodeText(await readSource(source.path))));
    case 'vocab-merges': {
      const [vocab, merges] = await Promise.all([readSource(source.vocab), readSource(source.merges)]);
      return vocabularyFromFiles(
        parseVocabJson(decodeText(vocab), source.vocab),
        parseMergesText(decodeText(merges)),
      );
    }
    case 'tokenizer-json':
      return parseTokenizerJson(decodeText(await readSource(source.path)), source.path);
  }
}

async function readSource(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new VisibleError(
      `Cannot read the tokenizer vocabulary ${path}: ${(error as Error).message}`,
      'model_files',
      {
        cause: error,
      },
    );
  }
}

/** Plain or gzip-compressed UTF-8, told apart by the gzip magic bytes rather than the file name. */
export function decodeText(bytes: Uint8Array): string {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}

export function parseMergesText(text: string): Array<[string, string]> {
  const lines = text.split('\n').slice(1, MERGE_COUNT + 1);
  return lines.filter((line) => line.trim() !== '').map((line) => toPair(line.trim().split(/ +/)));
}

function toPair(parts: string[]): [string, string] {
  if (parts.length !== 2)
    throw new VisibleError(`A BPE merge line must hold two symbols, got "${parts.join(' ')}"`, 'model_files');
  return [parts[0], parts[1]];
}

/** The reference vocabulary: the byte alphabet, the same with the end-of-word marker, one entry per merge, specials. */
export function vocabularyFromMerges(merges: Array<[string, string]>): BpeVocabulary {
  const alphabet = alphabetInVocabularyOrder(byteAlphabet());
  const tokens = [
    ...alphabet,
    ...alphabet.map((symbol) => symbol + END_OF_WORD),
    ...merges.map(([a, b]) => a + b),
  ];
  tokens.push(START_TOKEN, END_TOKEN);
  return { encoder: new Map(tokens.map((token, id) => [token, id])), merges };
}

function vocabularyFromFiles(encoder: Map<string, number>, merges: Array<[string, string]>): BpeVocabulary {
  for (const token of [START_TOKEN, END_TOKEN]) {
    if (!encoder.has(token))
      throw new VisibleError(`The tokenizer vocabulary has no ${token} token`, 'model_files');
  }
  return { encoder, merges };
}

const vocabJson = z.record(z.string(), z.number().int().nonnegative());

function parseVocabJson(text: string, path: string): Map<string, number> {
  const parsed = vocabJson.safeParse(safeJson(text));
  if (!parsed.success) throw new VisibleError(`${path} must be a JSON object of token -> id`, 'model_files');
  return new Map(Object.entries(parsed.data));
}

const tokenizerJson = z.object({
  model: z.object({
    type: z.literal('BPE').optional(),
    vocab: z.record(z.string(), z.number().int().nonnegative()),
    merges: z.array(z.union([z.string(), z.tuple([z.string(), z.string()])])),
  }),
});

function parseTokenizerJson(text: string, path: string): BpeVocabulary {
  const parsed = tokenizerJson.safeParse(safeJson(text));
  if (!parsed.success)
    throw new VisibleError(`${path} is not a Hugging Face BPE tokenizer.json`, 'model_files');
  const { vocab, merges } = parsed.data.model;
  const pairs = merges
    .slice(0, MERGE_COUNT)
    .map((merge) => (typeof merge === 'string' ? toPair(merge.split(' ')) : merge));
  return vocabularyFromFiles(new Map(Object.entries(vocab)), pairs);
}
