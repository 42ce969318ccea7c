import { join } from 'node:path';
import { type InferenceSession, Tensor } from 'onnxruntime-node';
import { VisibleError } from '../../errors/index.ts';
import { retryingOnce } from '../../lazy/once.ts';
import type { Logger } from '../../log/index.ts';
import type { Raster } from '../../media/types.ts';
import type { ModelManifest } from '../../models/manifest.ts';
import { createPreprocessor } from '../preprocess/index.ts';
import type { ClipTokenizer } from '../tokenizer/index.ts';
import type { Embedder } from '../types.ts';
import { normalisedRows } from './normalise.ts';
import { openSession, type Provider, type ProviderChoice } from './provider.ts';
import { idTensorData, tokenizerFor } from './text.ts';
import { checkTower, type TowerInfo } from './tower.ts';

export interface OnnxEmbedderOptions {
  provider: ProviderChoice;
  log: Logger;
  /** Images per session.run; 16 keeps a ViT-B/32 busy on CPU without large buffers. */
  batchSize?: number;
  threads?: number;
  spinning?: boolean;
}

interface Tower {
  session: InferenceSession;
  info: TowerInfo;
}

interface TextTower extends Tower {
  tokenizer: ClipTokenizer;
}

/**
 * An ONNX image (and optional text) encoder described by a manifest. The image session opens at load and is
 * reused for every call; the text session opens on first use. Preprocessing of the next batch runs on sharp's
 * threads while the current batch is in onnxruntime.
 */
export class OnnxEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimension: number;
  readonly hasTextTower: boolean;
  private readonly preprocess: (rasters: Raster[]) => Promise<Float32Array>;
  private readonly batchSize: number;
  private readonly loadTextTower = retryingOnce(() => this.openTextTower());

  private constructor(
    readonly manifest: ModelManifest,
    private readonly dir: string,
    readonly provider: Provider,
    private readonly image: Tower,
    private readonly options: OnnxEmbedderOptions,
  ) {
    this.modelId = manifest.id;
    this.dimension = manifest.dimension;
    this.hasTextTower = manifest.text !== undefined;
    this.preprocess = createPreprocessor(manifest.image);
    this.batchSize = Math.max(
      1,
      Math.min(options.batchSize ?? 16, image.info.fixedBatch ?? Number.POSITIVE_INFINITY),
    );
  }

  static async load(
    manifest: ModelManifest,
    dir: string,
    options: OnnxEmbedderOptions,
  ): Promise<OnnxEmbedder> {
    const path = join(dir, manifest.image.file);
    const { session, provider } = await openSession(path, options.provider, options);
    const info = checkTower(session, `The image model ${path}`, {
      inputs: [manifest.image.input],
      output: manifest.image.output,
    });
    options.log.debug('model loaded', { model: manifest.id, provider, tower: 'image' });
    return new OnnxEmbedder(manifest, dir, provider, { session, info }, options);
  }

  async embedImages(rasters: Raster[]): Promise<Float32Array[]> {
    const batches = chunk(rasters, this.batchSize);
    const vectors: Float32Array[] = [];
    let next = batches.length > 0 ? settleLater(this.preprocess(batches[0])) : undefined;
    for (const [i, batch] of batches.entries()) {
      const pixels = await (next as Promise<Float32Array>);
      next = i + 1 < batches.length ? settleLater(this.preprocess(batches[i + 1])) : undefined;
      vectors.push(
        ...normalisedRows(await this.inferImages(pixels, batch.length), batch.length, this.dimension),
      );
    }
    return vectors;
  }

  /** The bare inference step: preprocessed NCHW pixels in, raw (unnormalised) [count, dimension] out. */
  async inferImages(pixels: Float32Array, count: number): Promise<Float32Array> {
    const { size, input, output } = this.manifest.image;
    const result = await this.image.session.run({
      [input]: new Tensor('float32', pixels, [count, 3, size, size]),
    });
    return this.checked(result[output], count, 'image');
  }

  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    const text = this.manifest.text;
    if (!text) {
      throw new VisibleError(
        `The model '${this.modelId}' has no text tower: text search needs a model with one (see \`viscura models list\`).`,
        'no_text_tower',
      );
    }
    const tower = await this.loadTextTower();
    const vectors: Float32Array[] = [];
    for (const batch of chunk(texts, Math.min(64, tower.info.fixedBatch ?? 64))) {
      const { ids, mask } = idTensorData(
        batch.map((t) => tower.tokenizer.tokenize(t)),
        text.contextLength,
        tower.info.inputType,
      );
      const shape = [batch.length, text.contextLength];
      const feeds: Record<string, Tensor> = { [text.input]: new Tensor(ids, shape) };
      if (text.attentionMask) feeds[text.attentionMask] = new Tensor(mask, shape);
      const result = await tower.session.run(feeds);
      vectors.push(
        ...normalisedRows(
          this.checked(result[text.output], batch.length, 'text'),
          batch.length,
          this.dimension,
        ),
      );
    }
    return vectors;
  }

  async dispose(): Promise<void> {
    const text = this.loadTextTower.current;
    this.loadTextTower.forget();
    await this.image.session.release();
    if (text) await (await text.catch(() => undefined))?.session.release();
  }

  private async openTextTower(): Promise<TextTower> {
    const text = this.manifest.text as NonNullable<ModelManifest['text']>;
    const path = join(this.dir, text.file);
    const [{ session }, tokenizer] = await Promise.all([
      openSession(path, this.provider, this.options),
      tokenizerFor(this.manifest, this.dir),
    ]);
    const inputs = text.attentionMask ? [text.input, text.attentionMask] : [text.input];
    const info = checkTower(session, `The text model ${path}`, { inputs, output: text.output });
    if (!['int64', 'int32', 'float32'].includes(info.inputType)) {
      throw new VisibleError(
        `The text model ${path} takes ${info.inputType} ids; int64 or int32 ids are supported.`,
        'invalid_manifest',
      );
    }
    this.options.log.debug('model loaded', { model: this.modelId, provider: this.provider, tower: 'text' });
    return { session, info, tokenizer: tokenizer as ClipTokenizer };
  }

  private checked(value: unknown, count: number, tower: string): Float32Array {
    const tensor = value as Tensor | undefined;
    const shape = tensor?.dims ?? [];
    if (
      tensor?.type !== 'float32' ||
      shape.length !== 2 ||
      shape[0] !== count ||
      shape[1] !== this.dimension
    ) {
      throw new VisibleError(
        `The ${tower} model of '${this.modelId}' returned ${tensor ? `${tensor.type} [${tensor.dims.join(', ')}]` : 'nothing'}; its manifest promises float32 [${count}, ${this.dimension}].`,
        'invalid_manifest',
      );
    }
    return tensor.data as Float32Array;
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A promise awaited later: a rejection meanwhile must not count as unhandled. */
function settleLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
