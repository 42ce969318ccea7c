/**
 * Near duplicates on real photographs: `npm run bench -- duplicates [--photos N] [--candidate C]
 * [--verifiers cascade,exhaustive,guarded,screened]`.
 * Every copy of bench/duplicates/transforms.ts made with sharp from each corpus photo, plus hard negatives
 * (crops that overlap little, skimage's stereo pair, textures); side by side in one run: the verified pass
 * (shared/curate/duplicates/verified.ts, descriptor kNN candidates + mirrored queries + verification on the 256-px
 * thumbnails), the previous release's descriptor-only clusters (cosine >= 0.90), and the hash peers sharp-phash
 * and blockhash-core at their usual Hamming cut-offs and at the cut-off that matches the verified precision.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  DESCRIPTOR_CANDIDATE_SIMILARITY,
  type DuplicateImage,
  findDuplicates,
  type PairVerdict,
  verifyPair,
} from '../shared/curate/duplicates/index.ts';
import {
  GUARD_BAND,
  REFINE_FROM,
  SEARCH_FROM,
  type VerifyMethod,
} from '../shared/curate/duplicates/verify/index.ts';
import { buildKnnGraph, inMemorySource } from '../shared/curate/knn/index.ts';
import { descriptorMirror } from '../shared/embed/descriptor/flip.ts';
import { contentVectors } from './duplicates/content.ts';
import { buildBenchSet } from './duplicates/dataset.ts';
import { featuresOf, type ItemFeatures } from './duplicates/features.ts';
import { type Clustering, type Scores, score } from './duplicates/metrics.ts';
import { missesOf } from './duplicates/misses.ts';
import { PEERS, type PeerName } from './duplicates/peers.ts';
import { TRANSFORMS } from './duplicates/transforms.ts';
import { topByConfidence, type VerifiedRun, verifiedRun } from './duplicates/verified-run.ts';

const { values } = parseArgs({
  options: {
    photos: { type: 'string' },
    candidate: { type: 'string', default: String(DESCRIPTOR_CANDIDATE_SIMILARITY) },
    misses: { type: 'boolean', default: false },
    /** Every pair both verifiers judged, as CSV, for choosing the guarded cascade's band offline. */
    'pairs-csv': { type: 'string' },
    fresh: { type: 'boolean', default: false },
    /** The verifiers run side by side (VerifyMethod), comma-separated. */
    verifiers: { type: 'string', default: 'cascade,exhaustive,guarded,screened' },
  },
});

const set = await buildBenchSet(values.photos ? Number(values.photos) : undefined);
if (set.missing) console.error(set.missing);
const started = performance.now();
const features: ItemFeatures[] = [];
for (const item of set.items) {
  features.push(await featuresOf(item, { fresh: values.fresh }));
  if (features.length % 200 === 0) console.error(`features ${features.length}/${set.items.length}`);
}
const featureSeconds = (performance.now() - started) / 1000;
const n = features.length;
const dimension = features[0].vector.length;
const vectors = new Float32Array(n * dimension);
for (const [i, f] of features.entries()) vectors.set(f.vector, i * dimension);
const matrix = { count: n, dimension, data: vectors };
const knnStarted = performance.now();
const { graph } = await buildKnnGraph(inMemorySource(vectors, dimension), { k: 10 });
const knnMs = performance.now() - knnStarted;
const images: DuplicateImage[] = features.map((f, i) => ({
  id: String(i),
  key: set.items[i].key,
  sha256: f.sha256,
  pixelHash: f.pixelHash,
  width: f.width,
  height: f.height,
  quality: 0,
  ingestedAt: 0,
}));

const results: [string, Scores][] = [];

// The verified pass, exactly as curation runs it (the verifier reads the thumbnails' pyramids), with each of the
// three verifiers (VerifyMethod) side by side.
const mirror = descriptorMirror();
const content = await contentVectors(set.items, dimension);
const input = { graph, matrix, images, features, mirror, content, candidate: Number(values.candidate) };
const VERIFIERS: Record<VerifyMethod, string> = {
  cascade: 'verified, cascade',
  exhaustive: 'verified, exhaustive search',
  guarded: 'verified, guarded cascade',
  screened: 'verified, screened cascade',
};
const chosen = z
  .array(z.enum(Object.keys(VERIFIERS) as [VerifyMethod, ...VerifyMethod[]]))
  .parse(values.verifiers.split(','));
const runs: [string, VerifiedRun][] = [];
for (const method of chosen) runs.push([VERIFIERS[method], await verifiedRun(input, method)]);
const runOf = (method: VerifyMethod) => runs[chosen.indexOf(method)]?.[1];
const cascadeRun = runOf('cascade');
const exhaustiveRun = runOf('exhaustive');
for (const [name, run] of runs)
  results.push([
    name,
    score(set, {
      clusters: run.pass.clusters.map((c) => ({
        keeper: c.representative,
        members: c.members.map((m) => m.index),
      })),
      nearest: topByConfidence(run, graph, n),
    }),
  ]);
const pass = (exhaustiveRun ?? runs[0][1]).pass;

const previous = findDuplicates(graph, matrix, images, { threshold: 0.9 });
results.push([
  'descriptor only, cosine >= 0.90 (previous release)',
  score(set, {
    clusters: previous.clusters.map((c) => ({
      keeper: c.representative,
      members: c.members.map((m) => m.index),
    })),
    nearest: previous.nearest,
  }),
]);

const ours = results[Math.max(0, chosen.indexOf('exhaustive'))][1];
for (const name of Object.keys(PEERS) as PeerName[]) {
  const peer = PEERS[name];
  const distances = allDistances(peer.distance);
  results.push([
    `${name}, Hamming <= ${peer.cutoff} (usual)`,
    score(set, hashClusters(distances, peer.cutoff)),
  ]);
  // The loosest cut-off whose precision still matches the verified pass: the peer's recall "at equal precision".
  let matched: [number, Scores] | undefined;
  for (let cutoff = 0; cutoff <= peer.bits / 4; cutoff++) {
    const s = score(set, hashClusters(distances, cutoff));
    if (s.pairPrecision >= ours.pairPrecision && (!matched || s.recall > matched[1].recall))
      matched = [cutoff, s];
  }
  if (matched) results.push([`${name}, Hamming <= ${matched[0]} (precision matched)`, matched[1]]);
}

print();
if (values['pairs-csv'] && cascadeRun && exhaustiveRun)
  writePairs(values['pairs-csv'], cascadeRun, exhaustiveRun);
if (values.misses) {
  const misses = missesOf(
    set,
    pass.clusterOf,
    graph,
    matrix,
    (a, b) => verifyPair(features[a].verify, features[b].verify).confidence,
  );
  console.log("\n| missed copy | cosine to original | original's kNN rank | verifier confidence |");
  console.log('| --- | --- | --- | --- |');
  for (const m of misses)
    console.log(
      `| ${m.key} | ${m.cosine.toFixed(3)} | ${m.rank} | ${m.confidence === null ? 'cannot judge' : m.confidence.toFixed(2)} |`,
    );
}

function allDistances(distance: (a: ItemFeatures, b: ItemFeatures) => number): Uint16Array {
  const out = new Uint16Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) out[i * n + j] = out[j * n + i] = distance(features[i], features[j]);
  return out;
}

/** Hash matches grouped the way the verified pass groups: stars around a keeper (largest first). */
function hashClusters(distances: Uint16Array, cutoff: number): Clustering {
  const order = [...images.keys()].sort(
    (a, b) => images[b].width * images[b].height - images[a].width * images[a].height || a - b,
  );
  const assigned = new Uint8Array(n);
  const clusters: Clustering['clusters'] = [];
  for (const centre of order) {
    if (assigned[centre]) continue;
    const members = [centre];
    for (let j = 0; j < n; j++)
      if (j !== centre && !assigned[j] && distances[centre * n + j] <= cutoff) members.push(j);
    if (members.length < 2) continue;
    for (const m of members) assigned[m] = 1;
    clusters.push({ keeper: centre, members });
  }
  const nearest = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++)
      if (j !== i && distances[i * n + j] < best) [best, nearest[i]] = [distances[i * n + j], j];
  }
  return { clusters, nearest };
}

function print(): void {
  const photos = new Set(set.items.map((i) => i.source)).size;
  console.log(
    `\n${n} images from ${photos} photos (${TRANSFORMS.length} copies each + 2 overlapping crops; stereo pair; ` +
      `textures), features ${featureSeconds.toFixed(0)} s\n`,
  );
  const f = (x: number) => x.toFixed(3);
  console.log(
    '| method | recall | pair precision | pairs | cluster purity | top-1 | hard negatives joined |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, s] of results)
    console.log(
      `| ${name} | ${f(s.recall)} | ${f(s.pairPrecision)} | ${s.pairs} | ${f(s.purity)} | ${f(s.top1)} | ${s.hardNegativesJoined} |`,
    );
  console.log(`\n| transform | ${results.map(([name]) => name).join(' | ')} |`);
  console.log(`| --- |${results.map(() => ' --- |').join('')}`);
  for (const t of TRANSFORMS)
    console.log(`| ${t.name} | ${results.map(([, s]) => f(s.perTransform.get(t.name) ?? 0)).join(' | ')} |`);
  const v = pass.verification;
  console.log(
    `\nverification: ${v.candidatePairs} candidate pairs (${v.mirroredPairs} from mirrored queries, ` +
      `${v.contentPairs} from ${content.rows.length} framed pictures' content; cosine >= ` +
      `${values.candidate}), ${v.verifiedSame} same, ${v.rejected} rejected, ${v.unjudged} not judgeable ` +
      `(mirror permutation ${mirror ? 'found' : 'not found'}); kNN graph (k = 10) ${(knnMs / 1000).toFixed(1)} s`,
  );
  console.log(
    '\n| verifier | pairs judged | CPU ms per pair | verification CPU s | pass wall s | decided at frame / coarse / refined | fell back to the exhaustive search |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, run] of runs) {
    const d = run.decidedAt;
    console.log(
      `| ${name} | ${run.pairs} | ${(run.cpuMs / Math.max(1, run.pairs)).toFixed(2)} | ${(run.cpuMs / 1000).toFixed(1)} | ` +
        `${(run.passMs / 1000).toFixed(1)} | ${d.frame} / ${d.coarse} / ${d.refined} | ` +
        `${run.fellBack} (${((100 * run.fellBack) / Math.max(1, run.pairs)).toFixed(1)}%) |`,
    );
  }
  if (!cascadeRun || !exhaustiveRun) return;
  printCascadeCheck(cascadeRun, exhaustiveRun);
  printBand(cascadeRun, exhaustiveRun);
}

/**
 * Where the cascade's confidence sits for the pairs both verifiers judged, split by the exhaustive verdict: the
 * band (GUARD_BAND) must hold every pair whose answer the cascade would change, and as few others as it can.
 */
function printBand(cascade: VerifiedRun, exhaustive: VerifiedRun): void {
  const bins = 10;
  const rows = {
    'exhaustive: same': new Array(bins + 1).fill(0),
    'exhaustive: different': new Array(bins + 1).fill(0),
  };
  const changed = new Array(bins + 1).fill(0);
  const searched: Record<'same' | 'different', number[]> = { same: [], different: [] };
  for (const [key, verdict] of exhaustive.verdicts) {
    const other = cascade.verdicts.get(key);
    if (!other || other.decidedAt === 'frame') continue;
    if (other.searchNcc !== undefined)
      searched[(verdict.confidence ?? 0) >= 0.5 ? 'same' : 'different'].push(other.searchNcc);
    const bin = other.confidence === null ? bins : Math.min(bins - 1, Math.floor(other.confidence * bins));
    const same = (verdict.confidence ?? 0) >= 0.5;
    rows[same ? 'exhaustive: same' : 'exhaustive: different'][bin]++;
    if (same !== (other.confidence ?? 0) >= 0.5) changed[bin]++;
  }
  const heads = Array.from(
    { length: bins },
    (_, i) => `${(i / bins).toFixed(1)}-${((i + 1) / bins).toFixed(1)}`,
  );
  console.log(
    `\ncascade confidence of the searched pairs (guarded band: ${GUARD_BAND.low}-${GUARD_BAND.high} falls back)\n` +
      `| pairs | ${heads.join(' | ')} | cannot judge |\n|${' --- |'.repeat(bins + 2)}`,
  );
  for (const [name, counts] of [...Object.entries(rows), ['answer changed by the cascade', changed] as const])
    console.log(`| ${name} | ${counts.join(' | ')} |`);
  const at = (list: number[], p: number) =>
    list.length === 0 ? 'n/a' : list[Math.min(list.length - 1, Math.floor(p * list.length))].toFixed(2);
  const below = (list: number[]) => list.filter((x) => x < SEARCH_FROM).length;
  for (const list of Object.values(searched)) list.sort((x, y) => x - y);
  console.log(
    `\nsearched placement's correlation before refining (guarded: below ${SEARCH_FROM} judged unrefined): ` +
      `pairs the exhaustive search accepted ${searched.same.length}, min ${at(searched.same, 0)}, 1st percentile ` +
      `${at(searched.same, 0.01)}, 5th ${at(searched.same, 0.05)}, ${below(searched.same)} below; rejected ` +
      `${searched.different.length}, median ${at(searched.different, 0.5)}, 90th percentile ` +
      `${at(searched.different, 0.9)}, ${below(searched.different)} below.`,
  );
}

/**
 * How the cascade's gate sits on this set: its coarse-level correlation (after refining at 24 px) for the pairs it
 * searched, split by the exhaustive verifier's answer, and the pairs whose answer the cascade changed.
 */
function printCascadeCheck(cascade: VerifiedRun, exhaustive: VerifiedRun): void {
  const accepted: number[] = [];
  const rejected: number[] = [];
  let lost = 0;
  let gained = 0;
  const same = (v: PairVerdict | undefined) => (v?.confidence ?? 0) >= 0.5;
  for (const [key, verdict] of exhaustive.verdicts) {
    const other = cascade.verdicts.get(key);
    if (other?.coarseNcc !== undefined) (same(verdict) ? accepted : rejected).push(other.coarseNcc);
    if (other && same(verdict) && !same(other)) lost++;
    if (other && !same(verdict) && same(other)) gained++;
  }
  const q = (list: number[], p: number) => {
    const sorted = [...list].sort((x, y) => x - y);
    return sorted.length === 0
      ? 'n/a'
      : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(2);
  };
  console.log(
    `\ncascade gate (finish at 48 px from a 24-px refined correlation of ${REFINE_FROM}), over the pairs the ` +
      `cascade searched: those the exhaustive verifier accepted: ${accepted.length}, correlation min ` +
      `${q(accepted, 0)}, 1st percentile ${q(accepted, 0.01)}, median ${q(accepted, 0.5)}; those it rejected: ` +
      `${rejected.length}, median ${q(rejected, 0.5)}, 99th percentile ${q(rejected, 0.99)}. Answers changed by ` +
      `the cascade: ${lost} same -> different, ${gained} different -> same.`,
  );
}

function writePairs(path: string, cascade: VerifiedRun, exhaustive: VerifiedRun): void {
  const lines = ['a,b,transform_a,transform_b,same_source,exhaustive,cascade,decided,coarse_ncc,search_ncc'];
  const c = (x: number | null | undefined) => (x === null || x === undefined ? '' : x.toFixed(4));
  for (const [key, verdict] of exhaustive.verdicts) {
    const other = cascade.verdicts.get(key);
    if (!other) continue;
    const [a, b] = [Math.floor(key / n), key % n];
    const [x, y] = [set.items[a], set.items[b]];
    lines.push(
      [
        a,
        b,
        x.transform,
        y.transform,
        x.source === y.source,
        c(verdict.confidence),
        c(other.confidence),
        other.decidedAt,
        c(other.coarseNcc),
        c(other.searchNcc),
      ].join(','),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
