import { z } from 'zod';
import { modelId } from '../../config/index.ts';

/** Wider than any published image embedding (CLIP ViT-bigG is 1,280; DINOv2-g 1,536), narrow enough to bound a line. */
export const MAX_DIMENSION = 16_384;

/**
 * A vector as JSON numbers. zod's number refuses NaN and ±Infinity; a value that is finite as a double but
 * overflows float32 (1e39) is refused after the conversion, since that is what the store keeps.
 */
export const vectorValues = z
  .array(z.number({ error: 'must be a finite number' }))
  .min(1, 'the vector is empty')
  .max(MAX_DIMENSION, `more than ${MAX_DIMENSION} values`)
  .transform((values) => Float32Array.from(values))
  .refine((vector) => vector.every(Number.isFinite), 'a value overflows 32-bit floats');

/** The same check for values that arrive as a typed array or a plain array from Parquet. */
export const columnValues = z
  .union([z.instanceof(Float32Array), z.instanceof(Float64Array), z.array(z.unknown())])
  .transform((values) => Array.from(values as ArrayLike<unknown>))
  .pipe(vectorValues);

export const suppliedModelName = modelId;

/** One line of embeddings.jsonl; other fields (a label, a score) are ignored. */
export const vectorLineSchema = z.object({
  key: z.string().min(1, 'the key is empty').max(4096),
  vector: vectorValues,
  model: suppliedModelName.optional(),
});

/** `<image>.embedding.json`. */
export const vectorSidecarSchema = z.object({
  vector: vectorValues,
  model: suppliedModelName.optional(),
});

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 2)
    .map((issue) => {
      const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`));
      return path.length > 0 ? `${path.join('').replace(/^\./, '')}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
