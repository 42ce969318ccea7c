import { descriptorMirror } from '../embed/descriptor/flip.ts';
import { VisibleError } from '../errors/index.ts';
import { dot } from '../linalg/vectors.ts';
import type { CurationRow, ImageRow, RunRow, Store } from '../store/index.ts';
import { where } from '../store/index.ts';
import { blankScores } from '../vocabulary/index.ts';
import { compareKeepers, duplicateScore } from './duplicates/index.ts';
import { type ArrivalJudge, arrivalJudge, type Judgement } from './engine/arrival-judge.ts';
import { CurrentRows } from './engine/current.ts';
import { EVIDENCE_FLOOR, evidenceJson } from './engine/evidence.ts';
import { localMislabels, type Neighbourhood } from './engine/local-vote.ts';
import { gatherNeighbourhood } from './engine/neighbourhood.ts';
import { passSettings, runParameters } from './engine/settings.ts';
import {
  type LabelCalibration,
  labelCalibrationSchema,
  labelEvidence,
  suggestionsOf,
} from './labels/index.ts';
import { viewRuns } from './results/view.ts';
import { type CurationDeps, newRunId } from './run.ts';
import { uniquenessFromSimilarity } from './uniqueness/index.ts';

export interface IncrementalResult {
  run: RunRow;
  /** One row per scored image, in the order asked for. */
  rows: CurationRow[];
  /** Stored images whose scores changed: a new image is now their nearest neighbour, or joined their cluster. */
  updated: CurationRow[];
}

/** Passes an incremental run computes; outliers need whole-dataset statistics and wait for the full run. */
const PASSES = ['duplicates', 'uniqueness', 'selectUniques', 'mislabels', 'visualClusters'];
/** Images ingested this long before the last run started may still have missed it (their rows commit later). */
const ARRIVAL_SLACK_MS = 10 * 60 * 1000;

/**
 * Scores new images against the whole dataset on arrival ("is this upload a duplicate?"): a top-k vector
 * search per image in the store and the full run's formulas, written as an incremental run that readers merge
 * over the latest full run. `ids` defaults to the images that arrived since the last run and have no row yet.
 * Returns undefined when there is nothing to score.
 */
export async function scoreNewImages(
  deps: CurationDeps,
  dataset: string,
  ids?: readonly string[],
): Promise<IncrementalResult | undefined> {
  const { store, curation, config, log } = deps;
  // The runs only: rows are read by id as the arrivals need them, not every row of the runs since the full one.
  const view = await viewRuns(curation, dataset);
  const current = new CurrentRows(curation, view);
  const wanted = ids ?? (await arrivals(deps, dataset, current, view.full?.startedAt));
  const images = await store.images.getMany(dataset, [...new Set(wanted)]);
  if (images.length === 0) return undefined;
  const byId = new Map(images.map((image) => [image.id, image]));
  const asked = wanted
    .filter((id, at) => byId.has(id) && wanted.indexOf(id) === at)
    .map((id) => byId.get(id) as ImageRow);
  // Best first by the keeper rule: when copies arrive together, the one the rule keeps is scored first and the
  // others join it, so a batch of copies always leaves exactly one keeper.
  const fresh = keeperOrder(asked);

  const stored = (await store.model())?.id;
  const model = stored ?? 'none';
  const settings = passSettings(config, stored);
  const threshold = fullRunThreshold(view.full?.parameters) ?? settings.duplicateSimilarity;
  const minDistance = settings.uniquesMinDistance ?? 1 - threshold;
  const known = new Map(byId);
  // Candidates are verified on the stored thumbnails as in the full run; 'relative' mode keeps the cosine rule.
  const judge =
    settings.duplicateMode === 'relative'
      ? undefined
      : arrivalJudge({
          store,
          bucket: deps.bucket,
          dataset,
          threshold,
          candidate: Math.min(settings.duplicateCandidate, threshold),
          confidence: 0.5,
          mirror: settings.mirrorQueries ? descriptorMirror() : undefined,
          known,
        });
  const startedAt = Date.now();
  const runId = newRunId(startedAt);
  await curation.startRun({
    runId,
    dataset,
    kind: 'incremental',
    startedAt,
    model,
    previousRunId: view.full?.runId ?? null,
    parameters: {
      ...runParameters(settings, config),
      duplicateThresholdUsed: threshold,
      duplicateVerification: judge ? 'thumbnails (as the full run)' : 'none (descriptor-only rule)',
      passes: PASSES,
    },
    counts: {},
    timings: {},
  });
  const timings: Record<string, number> = {};
  try {
    let started = performance.now();
    const hood = await gatherNeighbourhood(store, dataset, fresh, settings.k);
    await current.load(hood.ids);
    timings.search = Math.round(performance.now() - started);

    started = performance.now();
    const rows: CurationRow[] = [];
    const updated = new Map<string, CurationRow>();
    for (let i = 0; i < fresh.length; i++) {
      const row = await scoreOne(fresh[i], i, hood, current, updated, {
        store,
        runId,
        dataset,
        threshold,
        minDistance,
        fresh: byId,
        known,
        judge,
        candidate: Math.min(settings.duplicateCandidate, threshold),
      });
      current.local.set(row.id, row);
      hood.clusters[i] = row.duplicateCluster;
    }
    // A later arrival may have made an earlier one its cluster's keeper: take each new image's latest row.
    for (const image of asked) rows.push(current.local.get(image.id) as CurationRow);
    timings.duplicates = Math.round(performance.now() - started);

    started = performance.now();
    const full = fullRunLabels(view.full?.parameters);
    const local = await localMislabels(store, dataset, hood, {
      k: settings.k,
      embedder: deps.embedder,
      model,
      log,
      ...full,
    });
    const votes = local.scores;
    // The votes follow the neighbourhood's order (keeper order), not the order the images were asked in.
    fresh.forEach((image, i) => {
      const row = current.local.get(image.id) as CurationRow;
      row.mislabelConfidence = votes.confidence[i];
      row.suggestedLabel =
        votes.suggestedConfidence[i] >= settings.mislabelThreshold
          ? (suggestionsOf(votes, i)[0]?.label ?? null)
          : null;
      row.labelEvidence = arrivalEvidence(local, hood.ids, i);
    });
    timings.mislabels = Math.round(performance.now() - started);

    const changed = [...updated.values()].filter((row) => !byId.has(row.id));
    await curation.writeRows([...rows, ...changed]);
    const counts = {
      images: rows.length,
      duplicates: rows.filter((row) => !row.representative).length,
      exactDuplicates: rows.filter((row) => !row.representative && row.exactDuplicate).length,
      mislabels: rows.filter((row) => row.mislabelConfidence >= settings.mislabelThreshold).length,
      updated: changed.length,
    };
    timings.total = Date.now() - startedAt;
    await curation.finishRun(runId, { status: 'finished', counts, timings });
    log.info('incremental curation run finished', { runId, dataset, counts });
    return { run: (await curation.run(runId)) as RunRow, rows, updated: changed };
  } catch (error) {
    await curation.finishRun(runId, { status: 'failed', counts: {}, timings }).catch(() => {});
    throw error;
  }
}

/** Images that arrived since the latest run started (with some slack) and that no run has scored yet. */
async function arrivals(
  deps: CurationDeps,
  dataset: string,
  current: CurrentRows,
  fullStartedAt: number | undefined,
): Promise<string[]> {
  const latest = await deps.curation.latestRun(dataset);
  const since = Math.max(0, (latest?.startedAt ?? fullStartedAt ?? 0) - ARRIVAL_SLACK_MS);
  const ids: string[] = [];
  const scan = deps.store.images.scan(dataset, {
    columns: ['id'],
    where: where.range('ingestedAt', { gte: since }),
  });
  for await (const batch of scan) for (const row of batch) ids.push(row.id);
  await current.load(ids);
  const unscored = ids.filter((id) => current.get(id) === undefined);
  if (unscored.length > 50_000) {
    throw new VisibleError(
      `${unscored.length} images have arrived since the last curation run: run \`viscura curate\` for a full run.`,
      'needs_full_run',
    );
  }
  return unscored;
}

/** The threshold the full run used (it differs from the configured one in 'relative' mode). */
function fullRunThreshold(parameters: Record<string, unknown> | undefined): number | undefined {
  const images = parameters?.images as { duplicateThresholdUsed?: unknown } | undefined;
  return typeof images?.duplicateThresholdUsed === 'number' ? images.duplicateThresholdUsed : undefined;
}

/** The calibration and vote temperature of the last full run (undefined before the first one). */
function fullRunLabels(parameters: Record<string, unknown> | undefined): {
  calibration?: LabelCalibration;
  temperature?: number;
} {
  const images = parameters?.images as { labelCalibration?: unknown; labelTemperature?: unknown } | undefined;
  const calibration = labelCalibrationSchema.safeParse(images?.labelCalibration);
  const temperature = images?.labelTemperature;
  return {
    calibration: calibration.success ? calibration.data : undefined,
    temperature: typeof temperature === 'number' && temperature > 0 ? temperature : undefined,
  };
}

/** The evidence of a new image's mislabel vote, as the full run stores it (ids, not rows). */
function arrivalEvidence(
  local: Awaited<ReturnType<typeof localMislabels>>,
  ids: string[],
  i: number,
): string | null {
  if (!(local.scores.confidence[i] >= EVIDENCE_FLOOR)) return null;
  const evidence = labelEvidence(
    {
      graph: local.graph,
      labels: local.labels,
      mislabels: local.scores,
      duplicateGroups: local.duplicateGroups,
      k: local.graph.k,
    },
    i,
  );
  return evidenceJson(evidence, ids);
}

interface ScoreContext {
  store: Store;
  runId: string;
  dataset: string;
  threshold: number;
  minDistance: number;
  /** The images this run scores, by id. */
  fresh: Map<string, ImageRow>;
  /** Image rows this run has read (arrivals, mirrored candidates), by id. */
  known: Map<string, ImageRow>;
  /** Verifies candidates as the full run does; undefined: complete linkage on the cosine (relative mode). */
  judge?: ArrivalJudge;
  /** Cosine at which a neighbour is a candidate for verification. */
  candidate: number;
}

/**
 * One new image, with the full run's formulas against its neighbourhood. It joins the cluster whose keeper it is
 * verified against (findCluster); the stored keeper stays the keeper until the next full run re-picks by the
 * keeper rule.
 */
async function scoreOne(
  image: ImageRow,
  i: number,
  hood: Neighbourhood,
  current: CurrentRows,
  updated: Map<string, CurationRow>,
  ctx: ScoreContext,
): Promise<CurationRow> {
  const neighbours = hood.neighbours[i];
  const exact = hood.exact[i];
  const nearest = neighbours[0];
  const nearestSimilarity = nearest ? nearest.similarity : Number.NEGATIVE_INFINITY;
  const isExact = exact.size > 0;
  const found = await findCluster(image, i, hood, current, ctx);
  const cluster = found.cluster;
  let because: string | null = null;
  if (cluster !== null) {
    const keeperRow = current.get(cluster) ?? blankRow(ctx, hood, cluster);
    const keeperImage = ctx.fresh.get(cluster);
    // A keeper from an earlier run stays the keeper; within one batch the keeper rule decided the order.
    because =
      keeperImage === undefined
        ? 'already-kept'
        : (compareKeepers(imageForRule(keeperImage), imageForRule(image)).by ?? 'identical-order');
    if (
      keeperRow.duplicateCluster !== cluster ||
      keeperRow.keptBecause == null ||
      keeperRow.duplicateScore < found.confidence
    ) {
      const row = {
        ...keeperRow,
        runId: ctx.runId,
        duplicateCluster: cluster,
        representative: true,
        keptBecause: keeperRow.keptBecause ?? because,
        duplicateMatch: 'keeper',
        duplicateScore: Math.max(keeperRow.duplicateScore, found.confidence),
      };
      current.local.set(cluster, row);
      updated.set(cluster, row);
    }
  }
  const match =
    cluster === null || cluster === image.id
      ? null
      : exact.has(cluster)
        ? ctx.fresh.get(cluster)?.sha256 === image.sha256 || sameSha(hood, cluster, image)
          ? 'exact-bytes'
          : 'exact-pixels'
        : 'near';
  for (const hit of neighbours) {
    const id = hood.ids[hit.index];
    if (hit.index < hood.fresh) continue;
    const before = current.get(id) ?? blankRow(ctx, hood, id);
    if (!(hit.similarity > before.nearestSimilarity) && !exact.has(id)) continue;
    const closer = hit.similarity > before.nearestSimilarity;
    const row: CurationRow = {
      ...before,
      runId: ctx.runId,
      nearestId: closer ? image.id : before.nearestId,
      nearestSimilarity: closer ? clamp(hit.similarity) : before.nearestSimilarity,
      // Verified runs: a cosine alone is not evidence of the same picture (the keeper's score was set above).
      duplicateScore: exact.has(id)
        ? 1
        : ctx.judge
          ? before.duplicateScore
          : Math.max(before.duplicateScore, duplicateScore(hit.similarity, ctx.threshold)),
      exactDuplicate: before.exactDuplicate || exact.has(id),
      uniqueness: exact.has(id)
        ? 0
        : Math.min(before.uniqueness, uniquenessFromSimilarity(hit.similarity, ctx.threshold)),
    };
    current.local.set(id, row);
    updated.set(id, row);
  }
  const blockedBySelected = neighbours.some(
    (hit) => hit.similarity >= 1 - ctx.minDistance && current.get(hood.ids[hit.index])?.selected === true,
  );
  const nearestRow = nearest ? current.get(hood.ids[nearest.index]) : undefined;
  return {
    runId: ctx.runId,
    dataset: ctx.dataset,
    kind: 'image',
    id: image.id,
    imageId: image.id,
    key: image.key,
    label: image.label,
    duplicateCluster: cluster,
    representative: cluster === null || cluster === image.id,
    duplicateScore: isExact
      ? 1
      : ctx.judge
        ? found.confidence
        : duplicateScore(nearestSimilarity, ctx.threshold),
    exactDuplicate: isExact,
    nearestId: nearest ? hood.ids[nearest.index] : null,
    nearestSimilarity: nearest ? clamp(nearestSimilarity) : -1,
    uniqueness: isExact ? 0 : uniquenessFromSimilarity(nearestSimilarity, ctx.threshold),
    selected: cluster === null && !blockedBySelected,
    mislabelConfidence: 0,
    suggestedLabel: null,
    outlierConfidence: 0,
    datasetOutlierConfidence: 0,
    // Judged only against the whole graph, in the next full run.
    typicality: 0.5,
    representativeRank: -1,
    // Off the map until the next full run lays it out with the rest.
    mapX: -1,
    mapY: -1,
    mapRank: -1,
    // The new image browses with its nearest stored neighbour until the full run places it.
    visualClusters: nearestRow?.visualClusters ?? [],
    keptBecause: cluster === null ? null : because,
    duplicateMatch: match,
  };
}

interface Found {
  cluster: string | null;
  /** The confidence that the arrival copies a kept picture: its judged pair with the keeper it joined, else its
   * best judged pair (1 for an exact copy, 0 when nothing was a candidate). */
  confidence: number;
  verdict: Judgement['verdict'];
}

/**
 * The cluster a new image joins, as the full run would place it: an exact copy joins its copy's cluster; else each
 * candidate (a neighbour at the candidate cut-off, or a mirrored neighbour), most similar first, is a way to a
 * cluster's keeper, and the image joins the first keeper it is verified against (star clusters: a copy of a
 * dropped copy that does not match the keeper itself stays apart). Without a verifier: complete linkage on the
 * cosine.
 */
async function findCluster(
  image: ImageRow,
  i: number,
  hood: Neighbourhood,
  current: CurrentRows,
  ctx: ScoreContext,
): Promise<Found> {
  const exact = hood.exact[i];
  const hits = hood.neighbours[i].map((hit) => ({ id: hood.ids[hit.index], similarity: hit.similarity }));
  if (ctx.judge) hits.push(...(await ctx.judge.extraCandidates(image)));
  hits.sort((a, b) => b.similarity - a.similarity);
  let best = 0;
  const tried = new Set<string>();
  for (const hit of hits) {
    const isExact = exact.has(hit.id);
    if (!isExact && hit.similarity < (ctx.judge ? ctx.candidate : ctx.threshold)) continue;
    await current.load([hit.id]);
    // A new image not scored yet comes later in keeper order: it will join this one, not the other way round.
    if (ctx.fresh.has(hit.id) && current.get(hit.id) === undefined) continue;
    const keeper = current.get(hit.id)?.duplicateCluster ?? hit.id;
    await current.load([keeper]);
    if (isExact) return { cluster: keeper, confidence: 1, verdict: null };
    if (tried.has(keeper)) continue;
    tried.add(keeper);
    if (!ctx.judge) {
      const members = await current.members(keeper);
      await current.load(members);
      if (await withinAll(ctx.store, ctx.dataset, image, members, hood, exact, ctx.threshold))
        return { cluster: keeper, confidence: duplicateScore(hit.similarity, ctx.threshold), verdict: null };
      continue;
    }
    const keeperVector = await vectorOf(ctx, hood, keeper);
    const cosineToKeeper = keeperVector ? dot(keeperVector, image.vector) : hit.similarity;
    const judged = await ctx.judge.judge(keeper, image, cosineToKeeper);
    if (judged.same) return { cluster: keeper, confidence: judged.confidence, verdict: judged.verdict };
    best = Math.max(best, judged.confidence);
  }
  return { cluster: null, confidence: best, verdict: null };
}

async function vectorOf(
  ctx: ScoreContext,
  hood: Neighbourhood,
  id: string,
): Promise<Float32Array | undefined> {
  const at = hood.ids.indexOf(id);
  if (at >= 0) return hood.vectors[at];
  const fresh = ctx.fresh.get(id);
  if (fresh) return fresh.vector;
  return (await ctx.store.images.getMany(ctx.dataset, [id]))[0]?.vector;
}

function imageForRule(image: ImageRow) {
  return {
    id: image.id,
    key: image.key,
    sha256: image.sha256,
    pixelHash: image.pixelHash,
    width: image.width,
    height: image.height,
    quality: Math.max(image.blur, image.dark, image.bright, image.lowInformation),
    ingestedAt: image.ingestedAt,
  };
}

/** Whether the stored copy `id` has the new image's bytes (the neighbourhood keeps the sha256 of its exact copies). */
function sameSha(hood: Neighbourhood, id: string, image: ImageRow): boolean {
  return hood.sha256?.get(id) === image.sha256;
}

/** Complete linkage, as in the full pass: the newcomer must be within the threshold of every member. */
async function withinAll(
  store: Store,
  dataset: string,
  image: ImageRow,
  members: string[],
  hood: Neighbourhood,
  exact: Set<string>,
  threshold: number,
): Promise<boolean> {
  const vectors = new Map(hood.ids.map((id, i) => [id, hood.vectors[i]]));
  const missing = members.filter((id) => !vectors.has(id));
  for (const row of await store.images.getMany(dataset, missing)) vectors.set(row.id, row.vector);
  return members.every((id) => {
    const vector = vectors.get(id);
    // Same bytes or pixels count as within, as exact units do in the full pass.
    return exact.has(id) || (vector !== undefined && dot(vector, image.vector) >= threshold);
  });
}

/** New images best first by the keeper rule (resolution, quality, age, key), as the full pass picks. */
function keeperOrder(images: ImageRow[]): ImageRow[] {
  const candidates = images.map(imageForRule);
  const order = images.map((_, i) => i);
  order.sort((a, b) => compareKeepers(candidates[a], candidates[b]).verdict || a - b);
  return order.map((i) => images[i]);
}

/** A stored image without a row yet (no full run has seen it): scored from scratch as far as this run can. */
function blankRow(ctx: ScoreContext, hood: Neighbourhood, id: string): CurationRow {
  const at = hood.ids.indexOf(id);
  // A mirrored candidate may lie outside the neighbourhood: the judge fetched its row.
  const row = ctx.known.get(id);
  return {
    runId: ctx.runId,
    dataset: ctx.dataset,
    kind: 'image',
    id,
    imageId: id,
    key: at >= 0 ? hood.keys[at] : (row?.key ?? id),
    label: at >= 0 ? hood.labels[at] : (row?.label ?? null),
    ...blankScores(),
  };
}

function clamp(similarity: number): number {
  return Math.max(-1, Math.min(1, similarity));
}
