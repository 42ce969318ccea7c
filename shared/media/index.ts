export { cropRaster } from './crop.ts';
export { DEFAULT_WORKING_SIZE, decodeImage, decodeRegion } from './decode.ts';
export { isMediaError, MediaError, type MediaErrorReason } from './errors.ts';
export { contentBox } from './frame.ts';
export type { DecodeLimits } from './header.ts';
export { PIXEL_HASH_PREFIX, pixelHash, samePixels } from './pixel-hash.ts';
export {
  analyzeQuality,
  BLUR_REFERENCE_SIDE,
  blurKind,
  brightKind,
  FEATURES,
  type FeatureName,
  FITTED,
  JUDGE_FLOOR_PX,
  judgeQuality,
  type LogisticFit,
  logistic,
  logit,
  MOTION_ANISOTROPY,
  measureQuality,
  QUALITY_CALIBRATION,
  type QualityMeasures,
  scoreQuality,
  type Unjudged,
  unjudgedChecks,
} from './quality/index.ts';
export { makeThumbnail } from './thumbnail.ts';
export type { Box, DecodedImage, ImageMeta, QualityIssue, QualityScores, Raster } from './types.ts';
