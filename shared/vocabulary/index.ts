export * from './curation-fields.ts';
export * from './issues.ts';
export * from './unjudged.ts';
export { VISUAL_LEVEL_MAX } from './visual-levels.ts';
