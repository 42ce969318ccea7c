export { type Grey, mirror, shrink, soften } from './grey.ts';
export { verifyImageFromBytes } from './load.ts';
export {
  type PairVerdict,
  prepareForVerify,
  REFINE_FROM,
  type VerifyImage,
  type VerifyOptions,
  verifyPair,
} from './verify.ts';
