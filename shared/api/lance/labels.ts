import { labelCheckOf, runLabelHealth } from '../../curate/index.ts';
import { parseStoredEvidence } from '../../curate/labels/index.ts';
import type { CurationRow } from '../../store/index.ts';
import { thumbnailUrl } from '../paths.ts';
import type { LabelEvidenceAnswer, LabelHealthAnswer } from '../schemas/labels.ts';
import type { PortContext } from './context.ts';

/** A row's stored evidence with each voter's key and thumbnail, so the page can show who voted. */
export async function evidenceOf(
  ctx: PortContext,
  dataset: string,
  row: CurationRow | undefined,
): Promise<LabelEvidenceAnswer | null> {
  const stored = parseStoredEvidence(row?.labelEvidence);
  if (!stored) return null;
  const ids = stored.voters.map((v) => v.id);
  const keys = new Map((await ctx.store.images.getMany(dataset, ids)).map((image) => [image.id, image.key]));
  return {
    ...stored,
    voters: stored.voters.map((v) => ({
      ...v,
      key: keys.get(v.id) ?? null,
      thumbnailUrl: thumbnailUrl(dataset, v.id),
    })),
  };
}

/** The latest full run's label health; undefined before the first run that recorded one. */
export async function labelHealthOf(
  ctx: PortContext,
  dataset: string,
): Promise<LabelHealthAnswer | undefined> {
  const { full } = await ctx.results(dataset);
  const health = full ? runLabelHealth(full) : undefined;
  if (!health) return undefined;
  const { calibration: _calibration, separability: _separability, message: _message, ...rest } = health;
  return { ...rest, check: labelCheckOf(health) };
}
