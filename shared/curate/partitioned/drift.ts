import { z } from 'zod';

/**
 * When an update gives way to a full rebuild. The plan (centroids, searched lists) is fixed at the build;
 * an update keeps the graph exactly what a build with that plan would give, so what decays is the plan:
 * partitions grow uneven (a worker holds more rows than was measured) and new rows that lie far from every
 * centroid have their true neighbours outside the partitions searched. docs/scale.md gives the measurement
 * behind the defaults.
 */
export const driftSettingsSchema = z.object({
  /** Rows added, changed or deleted since the plan, as a share of the rows planned. */
  maxChangedShare: z.number().min(0).default(0.3),
  /** The largest partition now over the largest at the build (worker memory follows it). */
  maxPartitionGrowth: z.number().min(1).default(2),
  /** New rows' mean cosine distance to their centroid over the build's mean. */
  maxDistanceGrowth: z.number().min(1).default(1.5),
});
export type DriftSettings = z.infer<typeof driftSettingsSchema>;

export interface DriftFigures {
  changedShare: number;
  partitionGrowth: number;
  distanceGrowth: number;
}

/** Why the graph should be rebuilt instead of updated, or undefined when an update will do. */
export function driftReason(figures: DriftFigures, settings: DriftSettings): string | undefined {
  const reasons: string[] = [];
  if (figures.changedShare > settings.maxChangedShare)
    reasons.push(
      `${pct(figures.changedShare)} of rows changed since the plan (limit ${pct(settings.maxChangedShare)})`,
    );
  if (figures.partitionGrowth > settings.maxPartitionGrowth)
    reasons.push(
      `the largest partition grew ${figures.partitionGrowth.toFixed(2)}x (limit ${settings.maxPartitionGrowth}x)`,
    );
  if (figures.distanceGrowth > settings.maxDistanceGrowth)
    reasons.push(
      `new rows lie ${figures.distanceGrowth.toFixed(2)}x as far from their centroids as the build's ` +
        `(limit ${settings.maxDistanceGrowth}x)`,
    );
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
