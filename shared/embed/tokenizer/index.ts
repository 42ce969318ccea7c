export { cleanText } from './clean.ts';
export { ClipTokenizer, CONTEXT_LENGTH } from './clip.ts';
export {
  type BpeVocabulary,
  decodeText,
  END_TOKEN,
  loadVocabulary,
  parseMergesText,
  START_TOKEN,
  type VocabularySource,
  vocabularyFromMerges,
} from './vocabulary.ts';
