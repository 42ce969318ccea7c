export { exportTraining, type TrainingExportOptions } from './run.ts';
export {
  type ExportItem,
  type ExportSummary,
  IMAGE_MODES,
  type ImageMode,
  type OriginalSource,
  TRAINING_FORMATS,
  type TrainingFormat,
} from './types.ts';
