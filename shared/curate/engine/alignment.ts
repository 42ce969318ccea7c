import { CLIP_LOGIT_SCALE, type Embedder, labelEmbeddings } from '../../embed/index.ts';
import type { Logger } from '../../log/index.ts';
import type { LabelAlignment } from '../labels/index.ts';
import type { Subjects } from './subjects.ts';

/** Above this many image x label scores (256 MB of float32) the alignment is skipped: the vote alone decides. */
const MAX_SCORES = 64_000_000;

/**
 * The zero-shot distribution over the dataset's labels for every subject (CLIP's softmax of 100 x cosine to
 * each label's prompt-ensemble embedding), when the active embedder has a text tower and made the stored vectors.
 */
export async function zeroShotAlignment(
  embedder: Embedder | undefined,
  model: string,
  subjects: Pick<Subjects, 'count' | 'dimension' | 'vectors' | 'labels'>,
  log: Logger,
): Promise<LabelAlignment | undefined> {
  if (!embedder?.hasTextTower) return undefined;
  if (embedder.modelId !== model) {
    log.warn('zero-shot alignment skipped: the active model did not embed the stored vectors', {
      active: embedder.modelId,
      stored: model,
    });
    return undefined;
  }
  const labels = [...new Set(subjects.labels.filter((label): label is string => label !== null))];
  if (labels.length < 2) return undefined;
  if (labels.length * subjects.count > MAX_SCORES) {
    log.warn('zero-shot alignment skipped: too many images x labels', {
      images: subjects.count,
      labels: labels.length,
    });
    return undefined;
  }
  const classes = await labelEmbeddings(embedder, labels);
  const { count, dimension, vectors } = subjects;
  const width = labels.length;
  const scores = new Float32Array(count * width);
  const logits = new Float64Array(width);
  for (let i = 0; i < count; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < width; c++) {
      let dot = 0;
      const label = classes[c];
      for (let d = 0; d < dimension; d++) dot += vectors[i * dimension + d] * label[d];
      logits[c] = CLIP_LOGIT_SCALE * dot;
      max = Math.max(max, logits[c]);
    }
    let total = 0;
    for (let c = 0; c < width; c++) {
      logits[c] = Math.exp(logits[c] - max);
      total += logits[c];
    }
    for (let c = 0; c < width; c++) scores[i * width + c] = logits[c] / total;
  }
  return { scores, labels };
}
