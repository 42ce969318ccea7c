export { OnnxEmbedder, type OnnxEmbedderOptions } from './embedder.ts';
export { cudaUnavailableReason, type Provider, type ProviderChoice } from './provider.ts';
export { tokenizerFor } from './text.ts';
