import type { RunRow } from '../../store/index.ts';
import {
  describeCalibration,
  describeOutlierJudgement,
  type LabelHealth,
  labelHealthSchema,
  type OutlierJudgement,
  separability,
} from '../labels/index.ts';

export interface RunLabelHealth extends LabelHealth {
  runId: string;
  model: string;
  /** The sentence every surface shows: how far the labels can be trusted with this model. */
  message: string;
  /** Whether dataset outliers could be judged (runs before it was recorded: undefined). */
  outliers?: OutlierJudgement;
}

/** The label health a full run recorded for its images (or objects); undefined for runs before it existed. */
export function runLabelHealth(
  run: RunRow,
  kind: 'images' | 'objects' = 'images',
): RunLabelHealth | undefined {
  const recorded = run.parameters[kind] as { labelHealth?: unknown; outlierContrast?: unknown } | undefined;
  const parsed = labelHealthSchema.safeParse(recorded?.labelHealth);
  if (!parsed.success) return undefined;
  const health = parsed.data;
  const contrast = recorded?.outlierContrast;
  return {
    ...health,
    runId: run.runId,
    model: run.model,
    message: describeCalibration(health.calibration),
    ...(typeof contrast === 'number' ? { outliers: describeOutlierJudgement(contrast) } : {}),
  };
}

/** The check's summary in the API's shape. */
export function labelCheckOf(health: LabelHealth & { message: string }) {
  const { calibration } = health;
  return {
    separability: separability(calibration),
    message: health.message,
    accuracy: round(calibration.accuracy),
    chance: round(calibration.chance),
    trust: round(calibration.trust),
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
