/**
 * Quality checks on labelled real photos, side by side with CleanVision's rules and a Laplacian-variance rule:
 * `npm run bench -- quality` (add `--write` to store this run's fit in shared/media/quality/fitted.ts).
 * The set (bench/quality/dataset.ts) is built from the Debian photo corpus on first use, about 3 minutes.
 * Fits use the training photos only; every figure printed is on the held-out photos unless it says otherwise.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blurKind, FITTED, type LogisticFit } from '../shared/media/index.ts';
import { installHint } from './photos/corpus.ts';
import { crossValidate, FOLDS, formatCv } from './quality/cv.ts';
import { buildQualitySet, SET_DIR, type Truth } from './quality/dataset.ts';
import { bestThreshold } from './quality/fit.ts';
import { confidenceOf, type Fits, fitAll, type Issue } from './quality/model.ts';
import { atThresholds, type Method, perKind, type Row, summary } from './quality/report.ts';
import { type Scored, scoreSet } from './quality/score.ts';

function ours(issue: Issue, fits: Fits, set: Scored[]): number[] {
  return set.map((s) => confidenceOf(issue, fits, s.measures));
}

/** A peer's score with a cut-off fitted like ours (best F1 on the training photos): the fairest comparison. */
function refitted(name: string, train: number[], trainTruth: boolean[], test: number[]): Method {
  const { threshold } = bestThreshold(train, trainTruth);
  return { name, scores: test, flagged: test.map((s) => s >= threshold) };
}

/** The peers of each issue: a name and the key of its score in Scored['peers']. */
const PEERS: Record<Issue, [string, keyof Scored['peers']][]> = {
  blur: [
    ['CleanVision blurry', 'cleanvisionBlurry'],
    ['Laplacian variance < 100', 'laplacian'],
  ],
  dark: [['CleanVision dark', 'cleanvisionDark']],
  bright: [['CleanVision light', 'cleanvisionLight']],
};

function peerMethods(issue: Issue, train: Scored[], test: Scored[]): Method[] {
  return PEERS[issue].flatMap(([name, key]) => [
    { name, scores: test.map((s) => s.peers[key].score), flagged: test.map((s) => s.peers[key].flagged) },
    refitted(
      `${name.split(' <')[0]}, cut-off fitted on train`,
      train.map((s) => s.peers[key].score),
      train.map((s) => s.item.truth[issue]),
      test.map((s) => s.peers[key].score),
    ),
  ]);
}

function fittedSource(fits: Fits): string {
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

const { fits, training } = fitAll(train);
for (const [issue, best] of Object.entries(training)) {
  console.log(
    `${issue}: best F1 on the training photos ${best.f1.toFixed(3)} at raw confidence ${best.threshold.toFixed(3)}`,
  );
}
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

// Cross-validation over the whole set: ours refitted on each fold's training photos, the peers' cut-offs too.
console.log(
  `\n${FOLDS}-fold cross-validation by photo (all ${photos(scored)} photos): F1 mean ± sd over folds`,
);
for (const issue of ['blur', 'dark', 'bright'] as const) {
  const truth = (s: Scored) => s.item.truth[issue];
  const viscura = crossValidate(scored, truth, (tr, te) => {
    const { fits: foldFits } = fitAll(tr);
    return te.map((s) => confidenceOf(issue, foldFits, s.measures) >= 0.5);
  });
  console.log(formatCv(`${issue}: viscura (refitted per fold)`, viscura));
  for (const [name, key] of PEERS[issue]) {
    const peer = crossValidate(scored, truth, (tr, te) => {
      const { threshold } = bestThreshold(
        tr.map((s) => s.peers[key].score),
        tr.map(truth),
      );
      return te.map((s) => s.peers[key].score >= threshold);
    });
    console.log(formatCv(`${issue}: ${name.split(' <')[0]}, cut-off fitted per fold`, peer));
  }
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
