import * as arrow from 'apache-arrow';
import type { ColumnKind, Columns } from './filters.ts';

/** How a column is stored. `int64` is read back as a JS number (sizes and timestamps stay below 2^53). */
export type ColumnType = 'utf8' | 'int32' | 'int64' | 'float32' | 'bool' | 'utf8list' | 'vector';

export interface ColumnSpec {
  type: ColumnType;
  nullable?: boolean;
  /** SQL that fills the column in rows written before it existed (added on the next write). */
  fill?: string;
}

export interface TableSpec {
  name: string;
  columns: Readonly<Record<string, ColumnSpec>>;
  /** The column merge-inserts match on. */
  primaryKey: string;
}

const text: ColumnSpec = { type: 'utf8' };
const optionalText: ColumnSpec = { type: 'utf8', nullable: true };
const score: ColumnSpec = { type: 'float32' };

export const QUALITY_COLUMNS = [
  'blur',
  'dark',
  'bright',
  'lowInformation',
  'oddSize',
  'oddAspectRatio',
  'grayscale',
] as const;

export const imagesSpec: TableSpec = {
  name: 'images',
  primaryKey: 'id',
  columns: {
    id: text,
    dataset: text,
    key: text,
    sha256: text,
    pixelHash: text,
    size: { type: 'int64' },
    width: { type: 'int32' },
    height: { type: 'int32' },
    format: text,
    label: optionalText,
    caption: optionalText,
    tags: { type: 'utf8list' },
    ...Object.fromEntries(QUALITY_COLUMNS.map((name) => [name, score])),
    // The quality checks that could not judge the image and why, as JSON ({"blur": "too small (...)"}); their
    // scores are 0. Null when all judged, and in stores written before it, which therefore read back as judged.
    qualityUnjudged: optionalText,
    thumbnailKey: text,
    model: text,
    ingestedAt: { type: 'int64' },
    vector: { type: 'vector' },
    // The embedding of the picture inside a frame someone added (border, padding, letterbox, rotation fill),
    // base64 float32; null for pictures without one. Text, so stores written before it gain it in place.
    contentVector: optionalText,
    // Label, caption, tags and key in one column: one full-text index answers a search over all four.
    text: text,
  },
};

export const objectsSpec: TableSpec = {
  name: 'objects',
  primaryKey: 'id',
  columns: {
    id: text,
    imageId: text,
    dataset: text,
    key: text,
    label: optionalText,
    boxX: score,
    boxY: score,
    boxW: score,
    boxH: score,
    model: text,
    vector: { type: 'vector' },
  },
};

/** Keyed by imageId(dataset, key): LanceDB's primary key is a single column. */
export const failuresSpec: TableSpec = {
  name: 'failures',
  primaryKey: 'id',
  columns: { id: text, dataset: text, key: text, sha256: optionalText, reason: text, at: { type: 'int64' } },
};

export const metaSpec: TableSpec = {
  name: 'meta',
  primaryKey: 'key',
  columns: { key: text, value: text },
};

export const MODEL_METADATA = 'viscura.model';
/**
 * LanceDB's unenforced primary key, set in the schema so it exists from the first commit: with it, two writers
 * inserting the same new id at once conflict and one retries; without it both insert (measured: 141 rows for
 * 120 ids with three concurrent writers).
 */
const PRIMARY_KEY_METADATA = 'lance-schema:unenforced-primary-key:position';

export function arrowSchema(
  spec: TableSpec,
  dimension = 0,
  metadata = new Map<string, string>(),
): arrow.Schema {
  const fields = Object.entries(spec.columns).map(
    ([name, column]) =>
      new arrow.Field(
        name,
        arrowType(column.type, dimension),
        column.nullable === true,
        name === spec.primaryKey ? new Map([[PRIMARY_KEY_METADATA, '1']]) : undefined,
      ),
  );
  return new arrow.Schema(fields, metadata);
}

function arrowType(type: ColumnType, dimension: number): arrow.DataType {
  switch (type) {
    case 'utf8':
      return new arrow.Utf8();
    case 'int32':
      return new arrow.Int32();
    case 'int64':
      return new arrow.Int64();
    case 'float32':
      return new arrow.Float32();
    case 'bool':
      return new arrow.Bool();
    case 'utf8list':
      return new arrow.List(new arrow.Field('item', new arrow.Utf8(), true));
    case 'vector':
      if (!(dimension > 0)) throw new Error('a vector column needs a positive dimension');
      return new arrow.FixedSizeList(dimension, new arrow.Field('item', new arrow.Float32(), true));
  }
}

/** The columns a filter may name: every stored column except vectors. */
export function filterColumns(spec: TableSpec): Columns {
  const columns: Record<string, ColumnKind> = {};
  for (const [name, column] of Object.entries(spec.columns)) {
    if (column.type === 'vector') continue;
    columns[name] = kindOf(column.type);
  }
  return columns;
}

function kindOf(type: ColumnType): ColumnKind {
  if (type === 'utf8') return 'string';
  if (type === 'utf8list') return 'strings';
  return type === 'bool' ? 'boolean' : 'number';
}
