import { join } from 'node:path';
import type { ModelManifest } from '../../models/manifest.ts';
import { ClipTokenizer, loadVocabulary, type VocabularySource } from '../tokenizer/index.ts';

/** The tokenizer a manifest's text tower was trained with, from the vocabulary files in the model folder. */
export async function tokenizerFor(manifest: ModelManifest, dir: string): Promise<ClipTokenizer | undefined> {
  const text = manifest.text;
  if (!text) return undefined;
  const vocabulary = text.vocabulary;
  const source: VocabularySource =
    vocabulary.kind === 'vocab-merges'
      ? { kind: 'vocab-merges', vocab: join(dir, vocabulary.vocab), merges: join(dir, vocabulary.merges) }
      : { kind: vocabulary.kind, path: join(dir, vocabulary.file) };
  return new ClipTokenizer(await loadVocabulary(source), { contextLength: text.contextLength });
}

/** Ids (and an attention mask) as the element type the text tower declares. */
export function idTensorData(
  rows: number[][],
  contextLength: number,
  type: string,
): { ids: IdArray; mask: IdArray } {
  const ids = allocate(type, rows.length * contextLength);
  const mask = allocate(type, rows.length * contextLength);
  for (const [r, row] of rows.entries()) {
    for (const [i, id] of row.entries()) {
      const at = r * contextLength + i;
      if (ids instanceof BigInt64Array) {
        ids[at] = BigInt(id);
        (mask as BigInt64Array)[at] = 1n;
      } else {
        ids[at] = id;
        (mask as Int32Array | Float32Array)[at] = 1;
      }
    }
  }
  return { ids, mask };
}

export type IdArray = BigInt64Array | Int32Array | Float32Array;

function allocate(type: string, length: number): IdArray {
  if (type === 'int64') return new BigInt64Array(length);
  if (type === 'int32') return new Int32Array(length);
  if (type === 'float32') return new Float32Array(length);
  throw new Error(`unsupported text input type ${type}`);
}
