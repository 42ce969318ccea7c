import { CURATION_FIELD_NAMES, CURATION_FIELDS, type FieldSpec } from '../vocabulary/index.ts';
import {
  type ClusterLabel,
  type CurationRow,
  type RunRow,
  VISUAL_LEVELS,
  type VisualClusterRow,
} from './curation-types.ts';

const LATE_FIELDS = CURATION_FIELD_NAMES.filter((field) => (CURATION_FIELDS[field] as FieldSpec).late);
const CLUSTER_COLUMNS = Array.from({ length: VISUAL_LEVELS }, (_, level) => `cluster${level}`);

export function runRecord(run: RunRow): Record<string, unknown> {
  return {
    ...run,
    parameters: JSON.stringify(run.parameters),
    counts: JSON.stringify(run.counts),
    timings: JSON.stringify(run.timings),
  };
}

export function toRunRow(record: Record<string, unknown>): RunRow {
  const { parameters, counts, timings, _rowid, ...rest } = record;
  return {
    ...(rest as unknown as RunRow),
    parameters: JSON.parse(parameters as string),
    counts: JSON.parse(counts as string),
    timings: JSON.parse(timings as string),
  };
}

export function curationRowId(row: Pick<CurationRow, 'runId' | 'kind' | 'id'>): string {
  return `${row.runId}/${row.kind}/${row.id}`;
}

export function curationRecord(row: CurationRow): Record<string, unknown> {
  const { visualClusters, ...rest } = row;
  const record: Record<string, unknown> = { rowId: curationRowId(row), ...rest };
  for (const field of LATE_FIELDS) record[field] = row[field] ?? null;
  CLUSTER_COLUMNS.forEach((column, level) => {
    record[column] = visualClusters[level] ?? -1;
  });
  return record;
}

export function toCurationRow(record: Record<string, unknown>): CurationRow {
  const { rowId: _rowId, _rowid, _distance, ...rest } = record;
  const visualClusters = CLUSTER_COLUMNS.map((column) => {
    const value = rest[column] as number;
    delete rest[column];
    return value;
  });
  // Rows of tables written before a column existed read back as its blank (the late ones as null).
  for (const field of CURATION_FIELD_NAMES) {
    const spec: FieldSpec = CURATION_FIELDS[field];
    if (field !== 'visualClusters' && (spec.added || spec.late)) rest[field] ??= spec.blank;
  }
  return { ...(rest as unknown as CurationRow), visualClusters };
}

export function clusterRecord(row: VisualClusterRow): Record<string, unknown> {
  const labels = row.labels === null ? null : JSON.stringify(row.labels);
  return { rowId: `${row.runId}/${row.level}/${row.clusterId}`, ...row, labels };
}

export function toClusterRow(record: Record<string, unknown>): VisualClusterRow {
  const { rowId: _rowId, _rowid, labels, ...rest } = record;
  const parsed = typeof labels === 'string' ? (JSON.parse(labels) as ClusterLabel[]) : null;
  return { ...(rest as unknown as Omit<VisualClusterRow, 'labels'>), labels: parsed };
}
