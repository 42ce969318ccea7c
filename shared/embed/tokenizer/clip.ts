import { VisibleError } from '../../errors/index.ts';
import { END_OF_WORD, type MergeRanks, mergeWord, pairKey } from './bpe.ts';
import { byteAlphabet } from './bytes.ts';
import { cleanText, WHITESPACE } from './clean.ts';
import { type BpeVocabulary, END_TOKEN, START_TOKEN } from './vocabulary.ts';

export const CONTEXT_LENGTH = 77;

// The reference pattern: special tokens, English contractions, letter runs, single digits, other-symbol runs.
const pattern = new RegExp(
  `<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^${WHITESPACE}\\p{L}\\p{N}]+`,
  'giu',
);
const CACHE_LIMIT = 50_000;

/**
 * OpenAI CLIP's tokenizer: clean, lower-case, split with CLIP's pattern, map UTF-8 bytes to the byte alphabet,
 * merge with BPE. `tokenize` adds the start and end tokens and truncates to the context, end token last.
 */
export class ClipTokenizer {
  readonly startId: number;
  readonly endId: number;
  readonly padId = 0;
  readonly contextLength: number;
  private readonly encoder: Map<string, number>;
  private readonly ranks: MergeRanks;
  private readonly alphabet = byteAlphabet();
  private readonly utf8 = new TextEncoder();
  private readonly cache = new Map<string, number[]>();
  private decoder: Map<number, string> | undefined;

  constructor(vocabulary: BpeVocabulary, options: { contextLength?: number } = {}) {
    this.encoder = vocabulary.encoder;
    this.ranks = new Map(vocabulary.merges.map(([a, b], rank) => [pairKey(a, b), rank]));
    this.startId = this.idOf(START_TOKEN);
    this.endId = this.idOf(END_TOKEN);
    this.contextLength = options.contextLength ?? CONTEXT_LENGTH;
    if (this.contextLength < 2)
      throw new VisibleError(
        'The text context must hold at least the start and end tokens',
        'invalid_manifest',
      );
  }

  /** BPE ids of the text, without start and end tokens. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const [piece] of cleanText(text).toLowerCase().matchAll(pattern))
      ids.push(...this.encodePiece(piece));
    return ids;
  }

  /** Start token, ids, end token; cut to the context length with the end token kept last. Not padded. */
  tokenize(text: string): number[] {
    const ids = [this.startId, ...this.encode(text), this.endId];
    if (ids.length <= this.contextLength) return ids;
    const cut = ids.slice(0, this.contextLength);
    cut[cut.length - 1] = this.endId;
    return cut;
  }

  /** Row-major [texts.length, contextLength] ids, zero-padded, ready to become a tensor. */
  tokenizeBatch(texts: string[]): Int32Array {
    const out = new Int32Array(texts.length * this.contextLength);
    for (const [row, text] of texts.entries()) out.set(this.tokenize(text), row * this.contextLength);
    return out;
  }

  /** A token as text, for people debugging prompts: its bytes decoded as UTF-8, the end-of-word marker kept. */
  decodeToken(id: number): string {
    this.decoder ??= new Map([...this.encoder].map(([token, tokenId]) => [tokenId, token]));
    const token = this.decoder.get(id);
    if (token === undefined) return `<unknown ${id}>`;
    if (token === START_TOKEN || token === END_TOKEN) return token;
    const word = token.endsWith(END_OF_WORD) ? token.slice(0, -END_OF_WORD.length) : token;
    const bytes = Uint8Array.from(Array.from(word), (char) => this.alphabet.indexOf(char));
    return new TextDecoder().decode(bytes) + (word === token ? '' : END_OF_WORD);
  }

  private encodePiece(piece: string): number[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    const ids =
      piece === START_TOKEN || piece === END_TOKEN
        ? [this.idOf(piece)]
        : mergeWord(this.toAlphabet(piece), this.ranks).map((symbol) => this.idOf(symbol));
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(piece, ids);
    return ids;
  }

  private toAlphabet(piece: string): string {
    let out = '';
    for (const byte of this.utf8.encode(piece)) out += this.alphabet[byte];
    return out;
  }

  private idOf(token: string): number {
    const id = this.encoder.get(token);
    if (id === undefined) {
      throw new VisibleError(
        `The tokenizer vocabulary has no entry for "${token}": vocabulary and merges do not match`,
        'model_files',
      );
    }
    return id;
  }
}
