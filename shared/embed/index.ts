export { createDescriptorEmbedder, DESCRIPTOR_MODEL_ID } from './descriptor/index.ts';
export {
  OnnxEmbedder,
  type OnnxEmbedderOptions,
  type Provider,
  type ProviderChoice,
  tokenizerFor,
} from './onnx/index.ts';
export {
  checkPrecomputedName,
  type PrecomputedModel,
  precomputedEmbedder,
  queryEmbedder,
} from './precomputed.ts';
export { createPreprocessor, type PreprocessSpec } from './preprocess/index.ts';
export {
  assertSameModel,
  type CreateEmbedderOptions,
  createEmbedder,
  isBuiltInModel,
} from './registry.ts';
export { ClipTokenizer, CONTEXT_LENGTH } from './tokenizer/index.ts';
export type { Embedder } from './types.ts';
export {
  type AlignmentOptions,
  CLIP_LOGIT_SCALE,
  type ImageAlignment,
  type LabelAlignmentResult,
  labelAlignment,
  labelEmbeddings,
  PROMPT_TEMPLATES,
  readableLabel,
} from './zeroshot.ts';
