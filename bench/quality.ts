/**
 * Quality checks on labelled real photos, side by side with CleanVision's rules and a Laplacian-variance rule:
 * `npm run bench -- quality` (add `--write` to store this run's fit in shared/media/quality/fitted.ts).
 * The set (bench/quality/dataset.ts) is built from the Debian photo corpus on first use, about 3 minutes.
 * Fits use the training photos only; every figure printed is on the held-out photos unless it says otherwise.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  blurKind,
  FEATURES,
  type FeatureName,
  FITTED,
  type LogisticFit,
  logit,
  type QualityMeasures,
} from '../shared/media/index.ts';
import { installHint } from './photos/corpus.ts';
import { buildQualitySet, SET_DIR, type Truth } from './quality/dataset.ts';
import { bestThreshold, fitLogistic } from './quality/fit.ts';
import { atThresholds, type Method, perKind, type Row, summary } from './quality/report.ts';
import { type Scored, scoreSet } from './quality/score.ts';

type Issue = 'blur' | 'dark' | 'bright';
type Fitted = keyof typeof FITTED;

/** What each fitted score may look at: few, physically meaningful inputs, so the fit cannot learn the set. */
const INPUTS: Record<Fitted, FeatureName[]> = {
  blur: ['ln(edgeWidth)'],
  dark: [
    'midtoneMedian',
    'brightnessP50',
    'brightnessP99',
    'brightnessP998',
    'shadowClip',
    'nearShadow',
    'valueP99',
  ],
  overexposed: [
    'brightnessP1',
    'midtoneMedian',
    'channelClip',
    'highlightClip',
    'blownPileUp (highlightClip x nearHighlight)',
    'blownRim',
  ],
  washedOut: ['blackPoint', 'tonalRange (P99 - P1)'],
};

const veiled = (s: Scored) => s.item.kind === 'wash' || s.item.kind === 'haze';
const overexposed = (s: Scored) => s.item.kind === 'over' && s.item.truth.bright;

/**
 * Bright has two causes, each fitted on its own: over-exposure on the photos that are not veiled, the veil (wash,
 * haze) on those not over-exposed, so neither fit has to explain the other's positives.
 */
const FIT_ON: Record<Fitted, { rows: (s: Scored) => boolean; truth: (s: Scored) => boolean }> = {
  blur: { rows: (s) => s.measures.edgeWidth !== null, truth: (s) => s.item.truth.blur },
  dark: { rows: () => true, truth: (s) => s.item.truth.dark },
  overexposed: { rows: (s) => !veiled(s), truth: overexposed },
  washedOut: { rows: (s) => !overexposed(s), truth: veiled },
};

/** Blur cannot judge an image without step edges; such images score 0 and take no part in the fit. */
const judged = (issue: Issue, m: QualityMeasures) => issue !== 'blur' || m.edgeWidth !== null;

/** Six significant digits, as fitted.ts stores them, so the shipped fit and this run's compare equal. */
const round = (v: number) => Number(v.toPrecision(6));

function fitOne(name: Fitted, train: Scored[]): LogisticFit {
  const used = train.filter(FIT_ON[name].rows);
  const x = used.map((s) => INPUTS[name].map((feature) => FEATURES[feature](s.measures)));
  const raw = fitLogistic(x, used.map(FIT_ON[name].truth));
  return { features: INPUTS[name], weights: raw.weights.map(round), bias: raw.bias };
}

/** The confidence of an issue from its fits: bright takes the stronger of its two causes. */
function confidenceOf(issue: Issue, fits: Record<Fitted, LogisticFit>, m: QualityMeasures): number {
  if (!judged(issue, m)) return 0;
  const z =
    issue === 'bright'
      ? Math.max(logit(fits.overexposed, m), logit(fits.washedOut, m))
      : logit(fits[issue], m);
  return 1 / (1 + Math.exp(-z));
}

/** Fits every score on the training photos, then shifts each so that 0.5 sits exactly at its best training F1. */
function fitAll(train: Scored[]): Record<Fitted, LogisticFit> {
  const fits = Object.fromEntries(
    (Object.keys(INPUTS) as Fitted[]).map((name) => [name, fitOne(name, train)]),
  ) as Record<Fitted, LogisticFit>;
  const parts: Record<Issue, Fitted[]> = {
    blur: ['blur'],
    dark: ['dark'],
    bright: ['overexposed', 'washedOut'],
  };
  for (const issue of ['blur', 'dark', 'bright'] as const) {
    const used = train.filter((s) => judged(issue, s.measures));
    const { threshold, f1 } = bestThreshold(
      used.map((s) => confidenceOf(issue, fits, s.measures)),
      used.map((s) => s.item.truth[issue]),
    );
    console.log(
      `${issue}: best F1 on the training photos ${f1.toFixed(3)} at raw confidence ${threshold.toFixed(3)}`,
    );
    const shift = Math.log(threshold / (1 - threshold));
    for (const name of parts[issue]) fits[name] = { ...fits[name], bias: round(fits[name].bias - shift) };
  }
  return fits;
}

function ours(issue: Issue, fits: Record<Fitted, LogisticFit>, set: Scored[]): number[] {
  return set.map((s) => confidenceOf(issue, fits, s.measures));
}

/** A peer's score with a cut-off fitted like ours (best F1 on the training photos): the fairest comparison. */
function refitted(name: string, train: number[], trainTruth: boolean[], test: number[]): Method {
  const { threshold } = bestThreshold(train, trainTruth);
  return { name, scores: test, flagged: test.map((s) => s >= threshold) };
}

function peerMethods(issue: Issue, train: Scored[], test: Scored[]): Method[] {
  const peers: Record<Issue, [string, keyof Scored['peers']][]> = {
    blur: [
      ['CleanVision blurry', 'cleanvisionBlurry'],
      ['Laplacian variance < 100', 'laplacian'],
    ],
    dark: [['CleanVision dark', 'cleanvisionDark']],
    bright: [['CleanVision light', 'cleanvisionLight']],
  };
  return peers[issue].flatMap(([name, key]) => [
    { name, scores: test.map((s) => s.peers[key].score), flagged: test.map((s) => s.peers[key].flagged) },
    refitted(
      `${name.split(' <')[0]}, cut-off fitted on train`,
      train.map((s) => s.peers[key].score),
      train.map((s) => s.item.truth[issue]),
      test.map((s) => s.peers[key].score),
    ),
  ]);
}

function fittedSource(fits: Record<Fitted, LogisticFit>): string {
  const line = (f: LogisticFit) =>
    `{ features: [${f.features.map((name) => `'${name}'`).join(', ')}], weights: [${f.weights.join(', ')}], bias: ${f.bias} }`;
  return `import type { LogisticFit } from './logistic.ts';

/**
 * Logistic fits on the training photos of the labelled real-photo set, shifted so that 0.5 sits at their best F1.
 * Written by \`npm run bench -- quality --write\`; docs/quality.md gives the set and the held-out figures.
 */
export const FITTED: Record<'blur' | 'dark' | 'overexposed' | 'washedOut', LogisticFit> = {
  blur: ${line(fits.blur)},
  dark: ${line(fits.dark)},
  overexposed: ${line(fits.overexposed)},
  washedOut: ${line(fits.washedOut)},
};
`;
}

const { items, missingPackages } = await buildQualitySet();
if (missingPackages.length > 0) console.log(installHint(missingPackages));
const { scored, timing } = await scoreSet(items);
// The measurements, for looking at single cases: bench/.tmp/quality/<version>/measures.cache (JSON).
await writeFile(
  join(SET_DIR, 'measures.cache'),
  JSON.stringify(scored.map(({ item, measures }) => ({ ...item, measures }))),
);
const train = scored.filter((s) => s.item.split === 'train');
const test = scored.filter((s) => s.item.split === 'test');
const photos = (set: Scored[]) => new Set(set.map((s) => s.item.photo)).size;
console.log(
  `real-photo quality set: ${scored.length} images from ${photos(scored)} photos; train ${train.length} (${photos(train)} photos), held-out ${test.length} (${photos(test)} photos)`,
);

const fits = fitAll(train);
const shippedMatches = JSON.stringify(fits) === JSON.stringify(FITTED);
console.log(
  shippedMatches
    ? 'shipped calibration (shared/media/quality/fitted.ts) = this run’s fit'
    : 'this run’s fit differs from the shipped one: both are shown (`--write` stores this run’s)',
);

const thresholdRows: [string, number[], boolean[]][] = [];
for (const issue of ['blur', 'dark', 'bright'] as const) {
  const rows: Row[] = test.map((s) => ({
    kind: s.item.kind,
    hardNegative: s.item.hardNegative,
    truth: s.item.truth[issue],
  }));
  const shipped = ours(issue, FITTED, test);
  const methods: Method[] = [
    { name: 'viscura (shipped)', scores: shipped, flagged: shipped.map((s) => s >= 0.5) },
  ];
  if (!shippedMatches) {
    const fresh = ours(issue, fits, test);
    methods.push({ name: 'viscura (this run’s fit)', scores: fresh, flagged: fresh.map((s) => s >= 0.5) });
  }
  methods.push(...peerMethods(issue, train, test));
  summary(issue, rows, methods);
  perKind(issue, rows, methods);
  thresholdRows.push([issue, shipped, rows.map((r) => r.truth)]);
}

console.log(
  '\nviscura (shipped), held-out photos: precision and recall at the recall / default / precision thresholds',
);
for (const [issue, scores, truth] of thresholdRows) atThresholds(issue, scores, truth);

// Which kind of blur the measure names, against how each copy was blurred (held out; flagged or not).
const blurredKinds = test.filter((s) => ['gaussian', 'disc', 'motion'].includes(s.item.kind));
console.log('\nblur kind, held-out blurred copies: made by (rows) x called by blurKind (columns)');
console.log(
  `${'made by'.padEnd(10)} ${['motion', 'defocus', 'no edges'].map((c) => c.padStart(9)).join('')}`,
);
for (const made of ['motion', 'defocus'] as const) {
  const set = blurredKinds.filter((s) => (s.item.kind === 'motion') === (made === 'motion'));
  const count = (called: string | null) => set.filter((s) => blurKind(s.measures) === called).length;
  console.log(
    `${made.padEnd(10)} ${[count('motion'), count('defocus'), count(null)].map((n) => String(n).padStart(9)).join('')}`,
  );
}

const grey = (key: 'chromaP99' | 'chromaP999', cut: number) => test.map((s) => s.measures[key] < cut);
const greyTruth = test.map((s) => s.item.truth.grayscale as Truth['grayscale']);
const greyRows: Row[] = test.map((s) => ({
  kind: s.item.kind,
  hardNegative: s.item.hardNegative,
  truth: greyTruth[test.indexOf(s)],
}));
const greyMethods: Method[] = [
  {
    name: 'grayscale: p99.9 chroma < 0.04 (shipped)',
    scores: test.map((s) => -s.measures.chromaP999),
    flagged: grey('chromaP999', 0.04),
  },
  {
    name: 'grayscale: p99 chroma < 0.04 (before)',
    scores: test.map((s) => -s.measures.chromaP99),
    flagged: grey('chromaP99', 0.04),
  },
];
summary('grayscale', greyRows, greyMethods);

console.log(
  `\nCPU ms per image (mean over ${scored.length} ~1 MP JPEGs): decodeImage (sharp decode + orient + resize to 384 px) ${timing.decodeMs.toFixed(2)}, measureQuality ${timing.measureMs.toFixed(2)} (ratio ${(timing.measureMs / timing.decodeMs).toFixed(2)})`,
);

if (process.argv.includes('--write')) {
  const file = join(import.meta.dirname ?? '.', '..', 'shared', 'media', 'quality', 'fitted.ts');
  await writeFile(file, fittedSource(fits));
  // biome formats it: npx biome check --write shared/media/quality/fitted.ts
  console.log(`\nwrote ${file}`);
}
