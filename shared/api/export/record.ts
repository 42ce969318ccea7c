import type { ImageSummary } from '../schemas/images.ts';

/** One exported row: the image, its scores and its issues, flat, so every format holds the same columns. */
export interface ExportRecord {
  id: string;
  key: string;
  label: string | null;
  caption: string | null;
  tags: string[];
  width: number;
  height: number;
  format: string;
  size: number;
  ingestedAt: string;
  blur: number;
  dark: number;
  bright: number;
  lowInformation: number;
  oddSize: number;
  oddAspectRatio: number;
  grayscale: number;
  duplicateCluster: string | null;
  representative: boolean | null;
  duplicateScore: number | null;
  exactDuplicate: boolean | null;
  uniqueness: number | null;
  selected: boolean | null;
  mislabelConfidence: number | null;
  suggestedLabel: string | null;
  outlierConfidence: number | null;
  datasetOutlierConfidence: number | null;
  typicality: number | null;
  issues: string[];
}

type Kind = 'string' | 'int' | 'float' | 'bool' | 'list';

/** Column order and type of every format. */
export const EXPORT_COLUMNS: readonly [keyof ExportRecord, Kind][] = [
  ['id', 'string'],
  ['key', 'string'],
  ['label', 'string'],
  ['caption', 'string'],
  ['tags', 'list'],
  ['width', 'int'],
  ['height', 'int'],
  ['format', 'string'],
  ['size', 'int'],
  ['ingestedAt', 'string'],
  ['blur', 'float'],
  ['dark', 'float'],
  ['bright', 'float'],
  ['lowInformation', 'float'],
  ['oddSize', 'float'],
  ['oddAspectRatio', 'float'],
  ['grayscale', 'float'],
  ['duplicateCluster', 'string'],
  ['representative', 'bool'],
  ['duplicateScore', 'float'],
  ['exactDuplicate', 'bool'],
  ['uniqueness', 'float'],
  ['selected', 'bool'],
  ['mislabelConfidence', 'float'],
  ['suggestedLabel', 'string'],
  ['outlierConfidence', 'float'],
  ['datasetOutlierConfidence', 'float'],
  ['typicality', 'float'],
  ['issues', 'list'],
];

export function exportRecord(image: ImageSummary): ExportRecord {
  const c = image.curation;
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
    ingestedAt: image.ingestedAt,
    ...image.quality,
    duplicateCluster: c?.duplicateCluster ?? null,
    representative: c?.representative ?? null,
    duplicateScore: c?.duplicateScore ?? null,
    exactDuplicate: c?.exactDuplicate ?? null,
    uniqueness: c?.uniqueness ?? null,
    selected: c?.selected ?? null,
    mislabelConfidence: c?.mislabelConfidence ?? null,
    suggestedLabel: c?.suggestedLabel ?? null,
    outlierConfidence: c?.outlierConfidence ?? null,
    datasetOutlierConfidence: c?.datasetOutlierConfidence ?? null,
    typicality: c?.typicality ?? null,
    issues: image.issues.map((issue) => issue.type),
  };
}
