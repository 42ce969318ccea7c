import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipVocabularyText } from '../../models/clip-vocabulary.ts';
import {
  ClipTokenizer,
  loadVocabulary,
  parseMergesText,
  vocabularyFromMerges,
} from '../../shared/embed/tokenizer/index.ts';

// Reference ids from OpenAI's own tokenizer (clip.tokenize), as listed in the models issue.
const reference: Array<{ text: string; ids: number[] }> = [
  { text: 'a photo of a cat', ids: [49406, 320, 1125, 539, 320, 2368, 49407] },
  { text: 'A Photo Of A CAT!!', ids: [49406, 320, 1125, 539, 320, 2368, 748, 49407] },
  { text: 'sunset over mountains', ids: [49406, 3424, 962, 5873, 49407] },
  { text: '  urban   solitude  ', ids: [49406, 5800, 33199, 49407] },
  {
    text: 'festival crowd, at night (2019)',
    ids: [49406, 2240, 4570, 267, 536, 930, 263, 273, 271, 272, 280, 264, 49407],
  },
  {
    text: "it's a dog's life; isn't it?",
    ids: [49406, 585, 568, 320, 1929, 568, 970, 282, 2923, 713, 585, 286, 49407],
  },
  { text: 'café crème brûlée', ids: [49406, 15304, 1075, 12138, 614, 711, 127, 119, 75, 13489, 49407] },
  { text: 'naïve résumé façade', ids: [49406, 1097, 35689, 563, 29106, 7054, 4166, 778, 10067, 1928, 49407] },
  {
    text: '東京タワーの夜景',
    ids: [49406, 48338, 21078, 105, 34941, 2429, 107, 13457, 21575, 23170, 250, 48132, 363, 49407],
  },
  { text: '🐶 dog with 🎾 ball', ids: [49406, 10631, 1929, 593, 24222, 1069, 49407] },
  {
    text: 'x-ray of a 3D-printed part',
    ids: [49406, 343, 268, 3077, 539, 320, 274, 323, 268, 7978, 1551, 49407],
  },
  {
    text: 'hello world hello world hello world hello world hello world hello world hello world hello world hello world hello world hello world hello world hello world hello world hello world',
    ids: [49406, ...Array.from({ length: 15 }, () => [3306, 1002]).flat(), 49407],
  },
  { text: '<|startoftext|> raw tokens', ids: [49406, 49406, 6323, 23562, 49407] },
  { text: 'a    b', ids: [49406, 320, 321, 49407] },
];

const vocabularyText = clipVocabularyText();
const tokenizer = new ClipTokenizer(vocabularyFromMerges(parseMergesText(vocabularyText)));

describe('CLIP tokenizer', () => {
  it.each(reference)('reproduces the reference ids for $text', ({ text, ids }) => {
    expect(tokenizer.tokenize(text)).toEqual(ids);
  });

  it('truncates a long prompt to 77 tokens and keeps the end token last', () => {
    const text = Array.from({ length: 50 }, (_, i) => `word${i}`).join(' ');
    const full = [tokenizer.startId, ...tokenizer.encode(text), tokenizer.endId];
    const ids = tokenizer.tokenize(text);
    expect(full.length).toBeGreaterThan(77);
    expect(ids).toHaveLength(77);
    expect(ids.slice(0, 76)).toEqual(full.slice(0, 76));
    expect(ids[76]).toBe(49407);
  });

  it('zero-pads a batch into rows of the context length', () => {
    const batch = tokenizer.tokenizeBatch(['a photo of a cat', 'a    b']);
    expect(batch).toHaveLength(2 * 77);
    expect([...batch.subarray(0, 8)]).toEqual([49406, 320, 1125, 539, 320, 2368, 49407, 0]);
    expect([...batch.subarray(77, 82)]).toEqual([49406, 320, 321, 49407, 0]);
    expect(batch.subarray(82, 154).every((id) => id === 0)).toBe(true);
  });

  it('cleans text like the reference: html entities, curly quotes, full-width forms', () => {
    expect(tokenizer.tokenize('fish &amp; chips')).toEqual(tokenizer.tokenize('fish & chips'));
    expect(tokenizer.tokenize('it’s')).toEqual(tokenizer.tokenize("it's"));
    expect(tokenizer.tokenize('ＣＡＴ')).toEqual(tokenizer.tokenize('cat'));
    expect(tokenizer.tokenize('e\u0301te\u0301')).toEqual(tokenizer.tokenize('été'));
  });
});

describe('vocabulary files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'viscura-vocab-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the OpenAI gzip merges file, HF vocab.json + merges.txt and tokenizer.json to the same ids', async () => {
    const base = vocabularyFromMerges(parseMergesText(vocabularyText));
    const vocab = Object.fromEntries(base.encoder);
    const mergesTxt = `#version: 0.2\n${base.merges.map((pair) => pair.join(' ')).join('\n')}\n`;
    await writeFile(join(dir, 'bpe.txt.gz'), gzipSync(vocabularyText));
    await writeFile(join(dir, 'vocab.json'), JSON.stringify(vocab));
    await writeFile(join(dir, 'merges.txt'), mergesTxt);
    await writeFile(
      join(dir, 'tokenizer.json'),
      JSON.stringify({ model: { type: 'BPE', vocab, merges: base.merges.map((pair) => pair.join(' ')) } }),
    );
    const sources = [
      { kind: 'bpe', path: join(dir, 'bpe.txt.gz') },
      { kind: 'vocab-merges', vocab: join(dir, 'vocab.json'), merges: join(dir, 'merges.txt') },
      { kind: 'tokenizer-json', path: join(dir, 'tokenizer.json') },
    ] as const;
    for (const source of sources) {
      const loaded = new ClipTokenizer(await loadVocabulary(source));
      for (const { text, ids } of reference) expect(loaded.tokenize(text)).toEqual(ids);
    }
  });

  it('names the file when a vocabulary is missing or malformed', async () => {
    await expect(loadVocabulary({ kind: 'bpe', path: join(dir, 'absent.txt.gz') })).rejects.toThrow(
      /absent\.txt\.gz/,
    );
    await writeFile(join(dir, 'bad.json'), '{"model": 3}');
    await expect(loadVocabulary({ kind: 'tokenizer-json', path: join(dir, 'bad.json') })).rejects.toThrow(
      /bad\.json is not a Hugging Face BPE tokenizer/,
    );
  });
});

describe('token text', () => {
  it('shows each id as the text it stands for, word ends marked', () => {
    const ids = tokenizer.tokenize('A photo of a café!');
    expect(ids.map((id) => tokenizer.decodeToken(id))).toEqual([
      '<|startoftext|>',
      'a</w>',
      'photo</w>',
      'of</w>',
      'a</w>',
      ...tokenizer.encode('café').map((id) => tokenizer.decodeToken(id)),
      '!</w>',
      '<|endoftext|>',
    ]);
    expect(
      tokenizer
        .encode('café')
        .map((id) => tokenizer.decodeToken(id))
        .join(''),
    ).toBe('café</w>');
  });
});
