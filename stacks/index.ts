export * from './curation.ts';
export * from './edge.ts';
export * from './gpu.ts';
export * from './image.ts';
export * from './ingest.ts';
export * from './query.ts';
export * from './storage.ts';
