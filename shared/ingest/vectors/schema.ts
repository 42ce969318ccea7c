import { z } from 'zod';
import { modelId } from '../../config/index.ts';

/** Wider than any published image embedding (CLIP ViT-bigG is 1,280; DINOv2-g 1,536), narrow enough to bound a line. */
export const MAX_DIMENSION = 16_384;

/**
 * A vector: a list of finite numbers (a JSON array, or a plain or typed array from Parquet), kept as float32.
 * One pass over the values rather than a schema per element: a file holds millions of them. NaN, ±Infinity,
 * non-numbers and values that overflow float32 (1e39) are refused, with the index of the first one.
 */
export const vectorValues = z
  .custom<ArrayLike<unknown>>(
    (value) => Array.isArray(value) || value instanceof Float32Array || value instanceof Float64Array,
    'must be a list of numbers',
  )
  .transform((values, ctx) => {
    if (values.length === 0 || values.length > MAX_DIMENSION) {
      ctx.addIssue({
        code: 'custom',
        message: values.length === 0 ? 'the vector is empty' : `more than ${MAX_DIMENSION} values`,
      });
      return z.NEVER;
    }
    const vector = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      vector[i] = typeof value === 'number' ? value : Number.NaN;
      if (!Number.isFinite(vector[i])) {
        const overflow = typeof value === 'number' && Number.isFinite(value);
        ctx.addIssue({
          code: 'custom',
          message: overflow ? 'overflows 32-bit floats' : 'must be a finite number',
          path: [i],
        });
        return z.NEVER;
      }
    }
    return vector;
  });

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
