export * from './curation-fields.ts';
export * from './issues.ts';
export * from './unjudged.ts';
