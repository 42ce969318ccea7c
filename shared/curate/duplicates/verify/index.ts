export { type Grey, mirror, shrink, soften } from './grey.ts';
export { verifyImageFromBytes } from './load.ts';
export { type PairVerdict, prepareForVerify, type VerifyImage, verifyPair } from './verify.ts';
