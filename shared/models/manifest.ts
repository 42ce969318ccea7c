import { z } from 'zod';
import { modelId } from '../config/index.ts';
import { VisibleError } from '../errors/index.ts';

/**
 * A model manifest: everything needed to fetch, verify, preprocess for and run an ONNX image (and optional text)
 * encoder. Shipped ones live in models/*.json; a user adds their own as <modelsDir>/<id>/manifest.json.
 */
const relativePath = z
  .string()
  .min(1)
  .refine(
    (path) => !path.startsWith('/') && !path.split(/[\\/]/).includes('..'),
    'a relative path inside the model folder',
  );

const triple = z.tuple([z.number(), z.number(), z.number()]);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits');

export const modelFileSchema = z.object({
  path: relativePath,
  /** Where `viscura models pull` fetches it; absent for files that are generated or placed by hand. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Exact byte size; null when no published figure was found (then only the hash protects the download). */
  bytes: z.number().int().positive().nullable(),
  /** Published sha256; null = unknown, and `pull` refuses the file unless --allow-unverified. */
  sha256: sha256.nullable(),
});

const vocabularySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bpe'), file: relativePath }),
  z.object({ kind: z.literal('vocab-merges'), vocab: relativePath, merges: relativePath }),
  z.object({ kind: z.literal('tokenizer-json'), file: relativePath }),
]);

const manifestObject = z.object({
  manifestVersion: z.literal(1),
  id: modelId,
  name: z.string().min(1),
  family: z.string().min(1),
  description: z.string().optional(),
  licence: z.string().min(1),
  /** Where the weights come from (a model card or repository), for people checking provenance. */
  source: z.string().optional(),
  precision: z.enum(['fp32', 'fp16', 'int8', 'uint8', 'mixed']).default('fp32'),
  dimension: z.number().int().positive().max(8192),
  image: z.object({
    file: relativePath,
    input: z.string().min(1),
    output: z.string().min(1),
    size: z.number().int().min(8).max(1024),
    resize: z.enum(['shortest-side', 'squash']).default('shortest-side'),
    interpolation: z.enum(['bicubic', 'bilinear']).default('bicubic'),
    mean: triple,
    std: triple.refine((std) => std.every((v) => v > 0), 'positive'),
  }),
  text: z
    .object({
      file: relativePath,
      input: z.string().min(1),
      output: z.string().min(1),
      /** Name of an attention-mask input, for exports that take one (1 for tokens, 0 for padding). */
      attentionMask: z.string().min(1).optional(),
      contextLength: z.number().int().min(2).max(1024).default(77),
      vocabulary: vocabularySchema,
    })
    .optional(),
  files: z.array(modelFileSchema).min(1),
  notes: z.string().optional(),
});

export const manifestSchema = manifestObject.superRefine((manifest, ctx) => {
  const listed = new Set(manifest.files.map((file) => file.path));
  if (listed.size !== manifest.files.length)
    ctx.addIssue({ code: 'custom', path: ['files'], message: 'paths repeat' });
  for (const [where, path] of referencedFiles(manifest)) {
    if (!listed.has(path))
      ctx.addIssue({ code: 'custom', path: where, message: `"${path}" is not listed in files` });
  }
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ModelFile = z.infer<typeof modelFileSchema>;

function referencedFiles(manifest: z.infer<typeof manifestObject>): Array<[string[], string]> {
  const refs: Array<[string[], string]> = [[['image', 'file'], manifest.image.file]];
  const text = manifest.text;
  if (!text) return refs;
  refs.push([['text', 'file'], text.file]);
  const vocab = text.vocabulary;
  if (vocab.kind === 'vocab-merges') {
    refs.push(
      [['text', 'vocabulary', 'vocab'], vocab.vocab],
      [['text', 'vocabulary', 'merges'], vocab.merges],
    );
  } else {
    refs.push([['text', 'vocabulary', 'file'], vocab.file]);
  }
  return refs;
}

/** Validates a manifest read from `where`; a bad one fails with each wrong field named. */
export function parseManifest(value: unknown, where: string): ModelManifest {
  const parsed = manifestSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new VisibleError(`Invalid model manifest ${where}:\n${lines.join('\n')}`, 'invalid_manifest');
}
