import { createDescriptorEmbedder, DESCRIPTOR_MODEL_ID } from '../../shared/embed/index.ts';
import type { Embedder } from '../../shared/embed/types.ts';
import {
  type CurationRow,
  type CurationStore,
  type ImageRow,
  imageId,
  type Store,
} from '../../shared/store/index.ts';
import { seededRandom, syntheticSet } from '../curate/synthetic.ts';

export const DATASET = 'bench';
export const WORDS = [
  'cat',
  'dog',
  'car',
  'tree',
  'boat',
  'plane',
  'house',
  'bird',
  'horse',
  'truck',
  'river',
  'snow',
];
export const RUN_ID = 'run-bench';

/**
 * The built-in embedder with a stand-in text tower (a hashed bag of words in the same space), so text search
 * takes its visual-semantic path; what it costs is paid by the API and the bare store alike.
 */
export function benchEmbedder(): Embedder {
  const images = createDescriptorEmbedder();
  return {
    modelId: images.modelId,
    dimension: images.dimension,
    hasTextTower: true,
    embedImages: (rasters) => images.embedImages(rasters),
    async embedTexts(texts) {
      return texts.map((text) => {
        const vector = new Float32Array(images.dimension);
        for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
          const random = seededRandom(
            [...word].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261),
          );
          for (let d = 0; d < vector.length; d++) vector[d] += random() - 0.5;
        }
        const norm = Math.hypot(...vector) || 1;
        return vector.map((v) => v / norm);
      });
    },
    dispose: () => images.dispose(),
  };
}

/**
 * n synthetic images (clustered vectors at the descriptor's size, labels, captions, tags, scores) and a run.
 * `append` writes the image batches after the first (which creates the table) without the upsert's merge on
 * `id`, which reads every stored id per batch: O(n^2) over a 1M-row write.
 */
export async function writeDataset(
  store: Store,
  curation: CurationStore,
  n: number,
  append?: (images: ImageRow[]) => Promise<void>,
): Promise<void> {
  const dimension = createDescriptorEmbedder().dimension;
  const set = syntheticSet({ n, dimension, seed: 7 });
  const random = seededRandom(11);
  const now = Date.now();
  await curation.startRun({
    runId: RUN_ID,
    dataset: DATASET,
    kind: 'full',
    startedAt: now,
    model: DESCRIPTOR_MODEL_ID,
    previousRunId: null,
    parameters: {},
    counts: {},
    timings: {},
  });
  for (let offset = 0; offset < n; offset += 5_000) {
    const images: ImageRow[] = [];
    const rows: CurationRow[] = [];
    for (let i = offset; i < Math.min(n, offset + 5_000); i++) {
      const key = `folder${i % 97}/img_${String(i).padStart(6, '0')}.jpg`;
      const id = imageId(DATASET, key);
      const word = WORDS[Math.floor(random() * WORDS.length)];
      images.push({
        id,
        dataset: DATASET,
        key,
        sha256: `sha-${i}`,
        pixelHash: `px-${i}`,
        size: 100_000,
        width: 1024,
        height: 768,
        format: 'jpeg',
        label: word,
        caption: `a ${word} near the ${WORDS[(i * 7) % WORDS.length]} number ${i}`,
        tags: [WORDS[(i * 3) % WORDS.length]],
        thumbnailKey: `thumbnails/${DATASET}/${id}.webp`,
        vector: set.vectors.slice(i * dimension, (i + 1) * dimension),
        model: DESCRIPTOR_MODEL_ID,
        ingestedAt: now,
        blur: random(),
        dark: random(),
        bright: random(),
        lowInformation: random(),
        oddSize: 0,
        oddAspectRatio: 0,
        grayscale: 0,
      });
      const duplicate = i % 50 === 1;
      rows.push({
        runId: RUN_ID,
        dataset: DATASET,
        kind: 'image',
        id,
        imageId: id,
        key,
        label: word,
        duplicateCluster: i % 50 < 2 ? `dup-${Math.floor(i / 50)}` : null,
        representative: !duplicate,
        duplicateScore: duplicate ? 0.9 : random() * 0.4,
        exactDuplicate: false,
        nearestId: null,
        nearestSimilarity: random(),
        uniqueness: random(),
        selected: random() < 0.3,
        mislabelConfidence: random() ** 3,
        suggestedLabel: null,
        outlierConfidence: random() ** 4,
        datasetOutlierConfidence: random() ** 4,
        typicality: random(),
        representativeRank: i,
        mapX: random(),
        mapY: random(),
        mapRank: i,
        visualClusters: [i % 4, i % 16, i % 64, i % 256, i % 1024],
      });
    }
    if (append && offset > 0) await append(images);
    else await store.images.upsert(images);
    await curation.writeRows(rows);
  }
  await curation.finishRun(RUN_ID, { status: 'finished', counts: { images: n }, timings: {} });
}
