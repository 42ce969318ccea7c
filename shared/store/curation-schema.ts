import { CURATION_FIELD_NAMES, CURATION_FIELDS, type FieldSpec } from '../vocabulary/index.ts';
import { VISUAL_LEVELS } from './curation-types.ts';
import type { ColumnSpec, TableSpec } from './schema.ts';

const text: ColumnSpec = { type: 'utf8' };
const optionalText: ColumnSpec = { type: 'utf8', nullable: true };

const COLUMN_TYPES = { score: 'float32', flag: 'bool', text: 'utf8', int: 'int32', levels: 'int32' } as const;
const SQL_TYPES = { score: 'FLOAT', int: 'INT' } as Partial<Record<FieldSpec['kind'], string>>;

/** Parameters, counts and timings are JSON objects: their keys grow with the passes, the table's columns do not. */
export const runsSpec: TableSpec = {
  name: 'runs',
  primaryKey: 'runId',
  columns: {
    runId: text,
    dataset: text,
    kind: text,
    status: text,
    startedAt: { type: 'int64' },
    finishedAt: { type: 'int64', nullable: true },
    model: text,
    previousRunId: optionalText,
    parameters: text,
    counts: text,
    timings: text,
  },
};

/** Keyed by `rowId` = runId/kind/id: LanceDB's primary key is a single column. */
export const curationSpec: TableSpec = {
  name: 'curation',
  primaryKey: 'rowId',
  columns: {
    rowId: text,
    runId: text,
    dataset: text,
    kind: text,
    id: text,
    imageId: text,
    key: text,
    label: optionalText,
    ...curationColumns(),
  },
};

/** Keyed by `rowId` = runId/level/clusterId. */
export const clustersSpec: TableSpec = {
  name: 'clusters',
  primaryKey: 'rowId',
  columns: {
    rowId: text,
    runId: text,
    dataset: text,
    level: { type: 'int32' },
    clusterId: { type: 'int32' },
    size: { type: 'int32' },
    preview: { type: 'utf8list' },
    // The dominant labels as JSON ([{label, count, share}]); stores written before it gain it in place, as null.
    labels: optionalText,
  },
};

/** The vocabulary's fields as columns; visual clusters get one column per level, so "members of cluster c at
 * level l" is a plain filter. */
function curationColumns(): Record<string, ColumnSpec> {
  const columns: Record<string, ColumnSpec> = {};
  for (const name of CURATION_FIELD_NAMES) {
    const field: FieldSpec = CURATION_FIELDS[name];
    const column: ColumnSpec = { type: COLUMN_TYPES[field.kind] };
    if (field.nullable) column.nullable = true;
    // Rows written before the column existed read back as the field's blank.
    if (field.added) column.fill = `CAST(${field.blank} AS ${SQL_TYPES[field.kind]})`;
    if (field.kind === 'levels') {
      for (let level = 0; level < VISUAL_LEVELS; level++) columns[`cluster${level}`] = column;
    } else columns[name] = column;
  }
  return columns;
}
