import type { CurationRow, ImageRow, ObjectRow, RunRow } from '../../store/index.ts';
import { API_FIELDS, CURATION_FIELDS, decodeUnjudged } from '../../vocabulary/index.ts';
import { thumbnailUrl } from '../paths.ts';
import type { Run } from '../schemas/curation.ts';
import type { ViewFilters } from '../schemas/filters.ts';
import type { CurationScores, ImageSummary, ObjectSummary } from '../schemas/images.ts';
import type { IssueDefaults } from './deps.ts';
import { issuesOf, round } from './issues.ts';

export function imageSummary(
  image: ImageRow,
  row: CurationRow | undefined,
  filters: Pick<ViewFilters, 'threshold'>,
  defaults: IssueDefaults,
): ImageSummary {
  return {
    id: image.id,
    key: image.key,
    label: image.label,
    caption: image.caption,
    tags: image.tags,
    width: image.width,
    height: image.height,
    format: image.format,
    size: image.size,
    ingestedAt: new Date(image.ingestedAt).toISOString(),
    quality: {
      blur: round(image.blur),
      dark: round(image.dark),
      bright: round(image.bright),
      lowInformation: round(image.lowInformation),
      oddSize: round(image.oddSize),
      oddAspectRatio: round(image.oddAspectRatio),
      grayscale: round(image.grayscale),
    },
    qualityUnjudged: decodeUnjudged(image.qualityUnjudged),
    curation: row ? curationScores(row) : null,
    issues: issuesOf(image, row, filters, defaults),
    thumbnailUrl: thumbnailUrl(image.dataset, image.id),
  };
}

/** The API's scores of a row: the vocabulary's fields, scores rounded, late fields null where absent. */
export function curationScores(row: CurationRow): CurationScores {
  const scores: Record<string, unknown> = { runId: row.runId };
  for (const field of API_FIELDS) {
    const value = row[field] ?? null;
    scores[field] = CURATION_FIELDS[field].kind === 'score' ? round(value as number) : value;
  }
  return scores as CurationScores;
}

export function objectSummary(object: ObjectRow, row: CurationRow | undefined): ObjectSummary {
  return {
    id: object.id,
    imageId: object.imageId,
    key: object.key,
    label: object.label,
    box: {
      x: round(object.box.x),
      y: round(object.box.y),
      width: round(object.box.w),
      height: round(object.box.h),
    },
    curation: row ? curationScores(row) : null,
  };
}

export function runOf(run: RunRow): Run {
  return {
    runId: run.runId,
    kind: run.kind,
    status: run.status,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt).toISOString(),
    model: run.model,
    previousRunId: run.previousRunId,
    parameters: run.parameters,
    counts: run.counts,
    timings: run.timings,
  };
}
