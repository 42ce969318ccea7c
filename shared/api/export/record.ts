import {
  CURATION_FIELDS,
  EXPORTED_FIELDS,
  type ExportedField,
  type FieldKind,
  type FieldValue,
} from '../../vocabulary/index.ts';
import type { ImageSummary } from '../schemas/images.ts';

/**
 * One exported row, flat, so every format holds the same columns: the image, its quality scores, the
 * vocabulary's exported curation fields (null before a run) and its issues.
 */
export type ExportRecord = ImageColumns & ExportedScores & { issues: string[] };

type ExportedScores = { [F in ExportedField]: FieldValue<(typeof CURATION_FIELDS)[F]> | null };

interface ImageColumns {
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
  /** The quality checks that could not judge it and why ('blur: too small (...)'), '; '-joined; null: all judged. */
  qualityUnjudged: string | null;
}

type Kind = 'string' | 'int' | 'float' | 'bool' | 'list';
const KINDS: Record<FieldKind, Kind> = {
  score: 'float',
  flag: 'bool',
  text: 'string',
  int: 'int',
  levels: 'list',
};

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
  ['qualityUnjudged', 'string'],
  ...EXPORTED_FIELDS.map((field) => [field, KINDS[CURATION_FIELDS[field].kind]] as [ExportedField, Kind]),
  ['issues', 'list'],
];

export function exportRecord(image: ImageSummary): ExportRecord {
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
    qualityUnjudged: unjudgedText(image.qualityUnjudged),
    ...exportedScores(image.curation),
    issues: image.issues.map((issue) => issue.type),
  };
}

function unjudgedText(unjudged: ImageSummary['qualityUnjudged']): string | null {
  const parts = Object.entries(unjudged).map(([issue, reason]) => `${issue}: ${reason}`);
  return parts.length === 0 ? null : parts.join('; ');
}

function exportedScores(scores: ImageSummary['curation']): ExportedScores {
  return Object.fromEntries(
    EXPORTED_FIELDS.map((field) => [field, scores?.[field] ?? null]),
  ) as ExportedScores;
}
