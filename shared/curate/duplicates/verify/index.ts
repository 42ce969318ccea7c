export { type Grey, mirror, shrink, soften } from './grey.ts';
export { verifyImageFromBytes } from './load.ts';
export {
  GUARD_BAND,
  type PairVerdict,
  prepareForVerify,
  RECHECK_FROM,
  REFINE_FROM,
  SEARCH_FROM,
  type VerifyImage,
  type VerifyMethod,
  type VerifyOptions,
  verifyPair,
} from './verify.ts';
