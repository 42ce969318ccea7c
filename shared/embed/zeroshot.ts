import { VisibleError } from '../errors/index.ts';
import { dot } from '../linalg/vectors.ts';
import type { Embedder } from './types.ts';

/** A small prompt ensemble from CLIP's ImageNet zero-shot templates. */
export const PROMPT_TEMPLATES = [
  'a photo of a {label}.',
  'a photo of the {label}.',
  'a close-up photo of a {label}.',
  'a bright photo of a {label}.',
  'a cropped photo of a {label}.',
  'a good photo of a {label}.',
  'a bad photo of a {label}.',
] as const;

/** CLIP's learned logit scale (exp(4.6052) = 100): cosine similarities times 100 go through the softmax. */
export const CLIP_LOGIT_SCALE = 100;

export interface AlignmentOptions {
  templates?: readonly string[];
  logitScale?: number;
}

export interface ImageAlignment {
  /** The label the image carries, or null when it has none. */
  label: string | null;
  /**
   * Zero-shot probability of the image's own label among all labels of the set, in [0, 1]
   * (softmax of logitScale x cosine); null without a label. Low values are mislabel suspects.
   */
  alignment: number | null;
  /** The label the model finds most likely, and its probability. */
  bestLabel: string;
  bestProbability: number;
}

export interface LabelAlignmentResult {
  /** The label set the probabilities are over, in first-seen order. */
  labels: string[];
  images: ImageAlignment[];
}

/**
 * Zero-shot label alignment: each label becomes the normalised mean of its prompt-ensemble text embeddings,
 * each image gets CLIP's zero-shot distribution over the dataset's labels. `labels[i]` belongs to
 * `imageVectors[i]` (unit vectors from the same embedder).
 */
export async function labelAlignment(
  embedder: Embedder,
  imageVectors: Float32Array[],
  labels: Array<string | null | undefined>,
  options: AlignmentOptions = {},
): Promise<LabelAlignmentResult> {
  if (imageVectors.length !== labels.length)
    throw new Error('labelAlignment needs one label (or null) per image vector');
  if (!embedder.hasTextTower) {
    throw new VisibleError(
      `Zero-shot label alignment needs a model with a text tower; '${embedder.modelId}' only embeds images.`,
      'no_text_tower',
    );
  }
  const labelSet = [...new Set(labels.filter((l): l is string => typeof l === 'string' && l.trim() !== ''))];
  if (labelSet.length === 0) return { labels: [], images: [] };
  const classes = await labelEmbeddings(embedder, labelSet, options.templates ?? PROMPT_TEMPLATES);
  const scale = options.logitScale ?? CLIP_LOGIT_SCALE;
  const images = imageVectors.map((vector, i) => {
    const probabilities = softmax(classes.map((c) => scale * dot(vector, c)));
    const best = probabilities.indexOf(Math.max(...probabilities));
    const label = labels[i];
    const own = typeof label === 'string' ? labelSet.indexOf(label) : -1;
    return {
      label: own >= 0 ? (label as string) : null,
      alignment: own >= 0 ? probabilities[own] : null,
      bestLabel: labelSet[best],
      bestProbability: probabilities[best],
    };
  });
  return { labels: labelSet, images };
}

/** One unit vector per label: the renormalised mean of its prompts' text embeddings. */
export async function labelEmbeddings(
  embedder: Embedder,
  labels: string[],
  templates: readonly string[] = PROMPT_TEMPLATES,
): Promise<Float32Array[]> {
  const prompts = labels.flatMap((label) =>
    templates.map((t) => t.replaceAll('{label}', readableLabel(label))),
  );
  const vectors = await embedder.embedTexts(prompts);
  return labels.map((_, i) => {
    const mean = new Float32Array(embedder.dimension);
    for (const v of vectors.slice(i * templates.length, (i + 1) * templates.length)) {
      for (let d = 0; d < mean.length; d++) mean[d] += v[d];
    }
    const norm = Math.hypot(...mean) || 1;
    return mean.map((x) => x / norm);
  });
}

/** Folder and file labels read as words: "golden_retriever" and "golden-retriever" become "golden retriever". */
export function readableLabel(label: string): string {
  return label.replace(/[_-]+/g, ' ').trim();
}

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
