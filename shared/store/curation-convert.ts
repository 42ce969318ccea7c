import { type CurationRow, type RunRow, VISUAL_LEVELS, type VisualClusterRow } from './curation-types.ts';

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
  const record: Record<string, unknown> = {
    rowId: curationRowId(row),
    ...rest,
    labelEvidence: row.labelEvidence ?? null,
    keptBecause: row.keptBecause ?? null,
    duplicateMatch: row.duplicateMatch ?? null,
    mapX: row.mapX ?? -1,
    mapY: row.mapY ?? -1,
    mapRank: row.mapRank ?? -1,
  };
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
  // Rows of tables written before these columns existed.
  rest.typicality ??= 0.5;
  rest.representativeRank ??= -1;
  rest.mapX ??= -1;
  rest.mapY ??= -1;
  rest.mapRank ??= -1;
  // Stores written before the evidence and duplicate columns existed read back as null.
  return {
    ...(rest as unknown as CurationRow),
    labelEvidence: (rest.labelEvidence as string) ?? null,
    visualClusters,
    keptBecause: (rest.keptBecause as string | null | undefined) ?? null,
    duplicateMatch: (rest.duplicateMatch as string | null | undefined) ?? null,
  };
}

export function clusterRecord(row: VisualClusterRow): Record<string, unknown> {
  return { rowId: `${row.runId}/${row.level}/${row.clusterId}`, ...row };
}

export function toClusterRow(record: Record<string, unknown>): VisualClusterRow {
  const { rowId: _rowId, _rowid, ...rest } = record;
  return rest as unknown as VisualClusterRow;
}
