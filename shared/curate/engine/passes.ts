import { descriptorMirror } from '../../embed/descriptor/flip.ts';
import type { Logger } from '../../log/index.ts';
import { buildVisualClusters, type VisualClusters } from '../clusters/index.ts';
import {
  type DuplicateImage,
  type DuplicateResult,
  exactUnits,
  findDuplicates,
  findVerifiedDuplicates,
  type PairVerifier,
  type VerificationStats,
} from '../duplicates/index.ts';
import {
  buildKnnGraph,
  inMemorySource,
  type KnnBuild,
  type KnnGraph,
  type KnnOptions,
  readAll,
  type VectorSource,
} from '../knn/index.ts';
import {
  type ClassOutlierScores,
  type DatasetOutlierScores,
  findClassOutliers,
  findDatasetOutliers,
  findMislabels,
  type LabelAlignment,
  labelHealth,
  type MislabelScores,
  neighbourhoodContrast,
} from '../labels/index.ts';
import { type MapLayout, projectMap } from '../map/index.ts';
import { partitionedKnnBuild } from '../partitioned/index.ts';
import { representativeRanks, typicality } from '../typicality/index.ts';
import { type Selection, selectUniques, uniqueness } from '../uniqueness/index.ts';
import type { PassSettings } from './settings.ts';
import type { Subjects } from './subjects.ts';

export interface PassResults {
  graph: KnnGraph;
  duplicates: DuplicateResult;
  /** 1 for rows that share their bytes or pixels with another row. */
  exact: Uint8Array;
  uniqueness: Float32Array;
  selection: Selection;
  typicality: Float32Array;
  representativeRanks: Int32Array;
  mislabels: MislabelScores;
  classOutliers: ClassOutlierScores;
  datasetOutliers: DatasetOutlierScores;
  visual: VisualClusters | undefined;
  /** The embedding map (images only). */
  map: MapLayout | undefined;
  /** What the passes chose (kNN method, the duplicate threshold used, cluster counts...). */
  parameters: Record<string, unknown>;
}

/**
 * Every pass over one set of subjects, in dependency order: the kNN graph first, then duplicates (their clusters
 * feed uniqueness, select-uniques and the mislabel vote), then the label passes and the visual clusters.
 * Stage timings are added to `timings` under `prefix`.
 */
export async function runPasses(
  subjects: Subjects,
  settings: PassSettings,
  options: {
    alignment?: LabelAlignment;
    visual: boolean;
    log: Logger;
    timings: Record<string, number>;
    prefix: string;
    /** Replaces `buildKnnGraph` (same contract). */
    knn?: (source: VectorSource, options: KnnOptions) => Promise<KnnBuild>;
    /** Judges candidate pairs on the pictures; without one (objects) the descriptor-only rule decides. */
    verifier?: PairVerifier;
  },
): Promise<PassResults> {
  const { timings, prefix, log } = options;
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await work();
    timings[`${prefix}${name}`] = Math.round(performance.now() - started);
    log.debug('curation stage done', { stage: `${prefix}${name}`, ms: timings[`${prefix}${name}`] });
    return out;
  };
  const source = inMemorySource(subjects.vectors, subjects.dimension, { ids: subjects.ids });
  const matrix = await readAll(source);
  const build = options.knn ?? (settings.graph === 'partitioned' ? partitionedKnnBuild : buildKnnGraph);
  const knn = await stage('knn', () => build(source, { k: settings.k, ...settings.knn }));
  const { graph } = knn;
  const images = duplicateImages(subjects);
  const { verifier } = options;
  let verification: VerificationStats | undefined;
  const duplicates = await stage('duplicates', async () => {
    if (!verifier || settings.duplicateMode === 'relative') {
      return findDuplicates(graph, matrix, images, {
        threshold: settings.duplicateSimilarity,
        mode: settings.duplicateMode,
      });
    }
    const found = await findVerifiedDuplicates(graph, matrix, images, verifier, {
      candidateSimilarity: settings.duplicateCandidate,
      threshold: settings.duplicateSimilarity,
      mirror: settings.mirrorQueries ? descriptorMirror() : undefined,
      content: subjects.content,
    });
    verification = found.verification;
    return found;
  });
  const exact = exactRows(images);
  // Uniqueness is 0.5 at the model's fixed near-duplicate cut-off (not the data-relative one): a fixed scale.
  const scores = await stage('uniqueness', () =>
    uniqueness(graph, { exact, half: settings.duplicateSimilarity }),
  );
  const selection = await stage('selectUniques', () =>
    selectUniques(graph, {
      target: { minDistance: settings.uniquesMinDistance ?? 1 - duplicates.threshold },
      uniqueness: scores,
      groups: duplicates.clusterOf,
      exclude: duplicates.drop,
    }),
  );
  const typical = await stage('typicality', () => typicality(graph, { groups: duplicates.clusterOf }));
  const representativeRanksOf = await stage('selectRepresentatives', () =>
    representativeRanks(graph, { typicality: typical, exclude: duplicates.drop }),
  );
  const mislabels = await stage('mislabels', () =>
    findMislabels(graph, subjects.labels, {
      k: settings.k,
      alignment: options.alignment,
      duplicateGroups: duplicates.clusterOf,
    }),
  );
  const classOutliers = await stage('classOutliers', () =>
    findClassOutliers(graph, subjects.labels, source, { k: settings.k, calibration: mislabels.calibration }),
  );
  const datasetOutliers = await stage('datasetOutliers', async () =>
    findDatasetOutliers(graph, {
      k: settings.k,
      contrast: await neighbourhoodContrast(graph, source, settings.k),
    }),
  );
  const visual = options.visual
    ? await stage('visualClusters', () => buildVisualClusters(matrix, { levels: settings.visualLevels }))
    : undefined;
  const map = options.visual ? await stage('map', () => projectMap(graph)) : undefined;
  timings[`${prefix}knnBuild`] = Math.round(knn.timings.buildMs);
  timings[`${prefix}knnSearch`] = Math.round(knn.timings.searchMs);
  return {
    graph,
    duplicates,
    exact,
    uniqueness: scores,
    selection,
    typicality: typical,
    representativeRanks: representativeRanksOf,
    mislabels,
    classOutliers,
    datasetOutliers,
    visual,
    map,
    parameters: {
      knn: knn.parameters,
      duplicateThresholdUsed: duplicates.threshold,
      duplicateVerification: verification ?? 'none (descriptor-only rule)',
      uniquesMinDistanceUsed: selection.minDistance,
      zeroShotAlignment: options.alignment !== undefined,
      // What the next incremental run judges arrivals with, and the per-class summary the health route serves.
      labelCalibration: mislabels.calibration,
      labelTemperature: mislabels.temperature,
      // How well this embedding forms neighbourhoods here: below 0.5 dataset outliers are judged only in part.
      outlierContrast: datasetOutliers.contrast,
      datasetOutliersJudged: datasetOutliers.judged,
      labelHealth: labelHealth(subjects.labels, mislabels, settings.mislabelThreshold),
      ...(visual ? { visualClusters: visual.parameters } : {}),
      ...(map ? { map: map.parameters } : {}),
    },
  };
}

/**
 * What the duplicate pass reads per row. Objects are crops without a file of their own, so they match by vector
 * only (a unique hash each); their keeper is the larger crop, then the cleaner and older image.
 */
function duplicateImages(subjects: Subjects): DuplicateImage[] {
  const images = subjects.kind === 'image';
  return subjects.ids.map((id, i) => ({
    id,
    key: subjects.keys[i],
    sha256: images ? subjects.sha256[i] : `object:${id}`,
    pixelHash: images ? subjects.pixelHash[i] || null : null,
    width: subjects.width[i],
    height: subjects.height[i],
    quality: subjects.defect[i],
    ingestedAt: subjects.ingestedAt[i],
  }));
}

function exactRows(images: DuplicateImage[]): Uint8Array {
  const leader = exactUnits(images);
  const size = new Map<number, number>();
  for (const l of leader) size.set(l, (size.get(l) ?? 0) + 1);
  return Uint8Array.from(leader, (l) => ((size.get(l) ?? 0) > 1 ? 1 : 0));
}
