import type { RunRow } from '../../store/index.ts';
import { describeCalibration, type LabelHealth, labelHealthSchema, separability } from '../labels/index.ts';

export interface RunLabelHealth extends LabelHealth {
  runId: string;
  model: string;
  /** The sentence every surface shows: how far the labels can be trusted with this model. */
  message: string;
}

/** The label health a full run recorded for its images (or objects); undefined for runs before it existed. */
export function runLabelHealth(
  run: RunRow,
  kind: 'images' | 'objects' = 'images',
): RunLabelHealth | undefined {
  const recorded = (run.parameters[kind] as { labelHealth?: unknown } | undefined)?.labelHealth;
  const parsed = labelHealthSchema.safeParse(recorded);
  if (!parsed.success) return undefined;
  const health = parsed.data;
  return { ...health, runId: run.runId, model: run.model, message: describeCalibration(health.calibration) };
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
