import type { ColumnSpec, TableSpec } from './schema.ts';

const text: ColumnSpec = { type: 'utf8' };
const optionalText: ColumnSpec = { type: 'utf8', nullable: true };
const score: ColumnSpec = { type: 'float32' };
const flag: ColumnSpec = { type: 'bool' };
const level: ColumnSpec = { type: 'int32' };

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
    duplicateCluster: optionalText,
    representative: flag,
    duplicateScore: score,
    exactDuplicate: flag,
    nearestId: optionalText,
    nearestSimilarity: score,
    uniqueness: score,
    selected: flag,
    mislabelConfidence: score,
    suggestedLabel: optionalText,
    outlierConfidence: score,
    datasetOutlierConfidence: score,
    typicality: { type: 'float32', fill: 'CAST(0.5 AS FLOAT)' },
    representativeRank: { type: 'int32', fill: 'CAST(-1 AS INT)' },
    // One column per level rather than a list: "members of cluster c at level l" is then a plain filter.
    cluster0: level,
    cluster1: level,
    cluster2: level,
    cluster3: level,
    cluster4: level,
    labelEvidence: optionalText,
    keptBecause: optionalText,
    duplicateMatch: optionalText,
    // The embedding map (images only): -1 for objects and for runs written before the map existed.
    mapX: { type: 'float32', fill: 'CAST(-1 AS FLOAT)' },
    mapY: { type: 'float32', fill: 'CAST(-1 AS FLOAT)' },
    mapRank: { type: 'int32', fill: 'CAST(-1 AS INT)' },
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
  },
};
