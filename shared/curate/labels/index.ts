export {
  CLIP_PULL_HINT,
  calibrate,
  describeCalibration,
  flagTrust,
  type LabelCalibration,
  labelCalibrationSchema,
  type Separability,
  separability,
} from './calibration.ts';
export {
  type ClassOutlierOptions,
  type ClassOutlierScores,
  findClassOutliers,
} from './class-outliers.ts';
export { neighbourhoodContrast } from './contrast.ts';
export {
  contrastFactor,
  type DatasetOutlierOptions,
  type DatasetOutlierScores,
  findDatasetOutliers,
  meanNeighbourDistance,
  STRONG_CONTRAST,
  WEAK_CONTRAST,
} from './dataset-outliers.ts';
export {
  type LabelEvidence,
  labelEvidence,
  parseStoredEvidence,
  type StoredEvidence,
  storedEvidenceSchema,
  type Voter,
} from './evidence.ts';
export { type LabelHealth, labelHealth, labelHealthSchema } from './health.ts';
export {
  findMislabels,
  type MislabelOptions,
  type MislabelScores,
  marginToConfidence,
} from './mislabels.ts';
export { describeOutlierJudgement, type OutlierJudgement } from './outlier-judgement.ts';
export { flagged, type LabelShare, suggestionsOf } from './suggestions.ts';
export type { KnnGraph, LabelAlignment, Labels, VectorSource } from './types.ts';
export { Skip } from './types.ts';
