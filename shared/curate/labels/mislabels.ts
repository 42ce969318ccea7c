import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';
import { type AlignedScores, alignmentRow, alignScores } from './alignment.ts';
import { calibrate, flagTrust, type LabelCalibration, trustFactor } from './calibration.ts';
import { encodeLabels } from './codes.ts';
import { neighboursToRead } from './graph.ts';
import { type KnnGraph, type LabelAlignment, type Labels, Skip } from './types.ts';
import { NeighbourVote } from './vote.ts';

const optionsSchema = z.object({
  /** Neighbours that vote (at most the graph's k). */
  k: z.number().int().min(1).max(1000).default(10),
  /**
   * Cosine scale of the vote weights exp((s - s1) / temperature). Default: from the data (see autoTemperature),
   * never below `minTemperature`.
   */
  temperature: z.number().positive().max(10).optional(),
  minTemperature: z.number().positive().max(10).default(0.05),
  /** Margin (best other share - given share) that maps to confidence 0.5. */
  clearMargin: z
    .number()
    .gt(-1)
    .lt(1)
    .default(1 / 3),
  /** Say of the zero-shot alignment in the combined shares, when one is given. */
  alignmentWeight: z.number().min(0).max(1).default(0.5),
  maxSuggestions: z.number().int().min(1).max(20).default(3),
});

export type MislabelOptions = z.input<typeof optionsSchema> & {
  alignment?: LabelAlignment;
  /** Duplicate cluster per vector (-1 = none), from the duplicates pass: copies do not vote for each other. */
  duplicateGroups?: Int32Array;
  /** Judge with this calibration (an incremental run uses the last full run's) instead of estimating one here. */
  calibration?: LabelCalibration;
};

/** Column-wise results, one entry per vector, so a million rows stay a few arrays. */
export interface MislabelScores {
  /** The label vocabulary: suggestion codes index it. */
  labels: string[];
  /** Confidence in [0, 1] that the given label is wrong: the vote's, bounded by the trust; 0 when skipped. */
  confidence: Float32Array;
  /** The plain vote's confidence before calibration (what the project reported before; the eval's baseline). */
  rawConfidence: Float32Array;
  /** The trust behind each confidence (flagTrust of its given and suggested labels; see trustFactor). */
  trust: Float32Array;
  /** Confidence that the top suggestion is the right label: confidence x its share among the other labels. */
  suggestedConfidence: Float32Array;
  /** How well the vote predicts the labels here: it bounds every confidence. */
  calibration: LabelCalibration;
  /** The vote's temperature, as given or as found in the data. */
  temperature: number;
  /** Why a vector was not scored (Skip.*). */
  skip: Uint8Array;
  /** Share of the given label in the (combined) vote, after the small-class ceiling. */
  givenShare: Float32Array;
  maxSuggestions: number;
  /** n x maxSuggestions label codes, best first, -1 pads. */
  suggested: Int32Array;
  suggestedShare: Float32Array;
}

/**
 * Scores every labelled vector by how strongly its neighbourhood votes for another label (formula in
 * docs/curation-labels.md). Reads only the graph and the labels: O(n k) time, O(n) memory.
 */
export function findMislabels(
  graph: KnnGraph,
  labels: Labels,
  options: MislabelOptions = {},
): MislabelScores {
  const opts = optionsSchema.parse(options);
  const k = neighboursToRead(graph, labels.length, opts.k);
  const { codes, names, counts } = encodeLabels(labels);
  const { n } = graph;
  const aligned = options.alignment ? alignScores(options.alignment, names, n) : undefined;
  const groups = options.duplicateGroups;
  if (groups && groups.length !== n) {
    throw new VisibleError(
      `Got ${groups.length} duplicate groups for ${n} vectors; they must match one to one.`,
      'invalid_input',
    );
  }
  const out: MislabelScores = {
    labels: names,
    confidence: new Float32Array(n),
    rawConfidence: new Float32Array(n),
    trust: new Float32Array(n),
    suggestedConfidence: new Float32Array(n),
    // Replaced below once the votes are in (unless given).
    calibration: options.calibration ?? calibrate(new Int32Array(0), new Int32Array(0), names),
    temperature: 0,
    skip: new Uint8Array(n),
    givenShare: new Float32Array(n),
    maxSuggestions: opts.maxSuggestions,
    suggested: new Int32Array(n * opts.maxSuggestions).fill(-1),
    suggestedShare: new Float32Array(n * opts.maxSuggestions),
  };
  const predicted = new Int32Array(n).fill(-1);
  const otherShare = new Float32Array(n);
  const vote = new NeighbourVote(k);
  const shares = new Shares(names.length, aligned);
  const temperature = opts.temperature ?? autoTemperature(graph, k, opts.minTemperature);
  out.temperature = temperature;
  for (let i = 0; i < n; i++) {
    const given = codes[i];
    if (given < 0) {
      out.skip[i] = Skip.unlabelled;
      continue;
    }
    // A label used once has no member to compare with (a new class, or a typo): only the alignment can judge it.
    const voted = counts[given] > 1 && vote.tally(graph, codes, i, k, temperature, groups);
    if (!shares.combine(voted ? vote : undefined, i, given, counts[given] - 1, opts.alignmentWeight)) {
      out.skip[i] = Skip.noEvidence;
      continue;
    }
    const at = i * opts.maxSuggestions;
    const best = shares.best(given, out.suggested, out.suggestedShare, at, opts.maxSuggestions);
    out.givenShare[i] = shares.given;
    out.rawConfidence[i] = marginToConfidence(best - shares.given, opts.clearMargin);
    predicted[i] = best > shares.given ? out.suggested[at] : given;
    otherShare[i] = shares.total - shares.given;
  }
  if (!options.calibration) out.calibration = calibrate(codes, predicted, names);
  for (let i = 0; i < n; i++) {
    if (out.skip[i] !== Skip.none) continue;
    const top = out.suggested[i * opts.maxSuggestions];
    const trust = flagTrust(out.calibration, names[codes[i]], top >= 0 ? names[top] : undefined);
    out.trust[i] = trust;
    out.confidence[i] = trustFactor(trust) * out.rawConfidence[i];
    if (top >= 0 && otherShare[i] > 0) {
      const share = out.suggestedShare[i * opts.maxSuggestions] / otherShare[i];
      out.suggestedConfidence[i] = out.confidence[i] * Math.min(1, share);
    }
  }
  return out;
}

/**
 * Half the median spread of a row's similarities (first minus k-th neighbour), so that the k-th neighbour
 * typically weighs e^-2 of the first whatever the embedding's cosine scale: with a fixed 0.05 an embedding whose
 * neighbours spread over 0.3 of cosine would let the single nearest neighbour decide.
 */
function autoTemperature(graph: KnnGraph, k: number, floor: number): number {
  const spreads: number[] = [];
  for (let i = 0; i < graph.n; i += Math.max(1, Math.floor(graph.n / 10_000))) {
    const first = graph.similarities[i * graph.k];
    let last = Number.NaN;
    for (let r = 0; r < k; r++) {
      if (graph.neighbors[i * graph.k + r] >= 0) last = graph.similarities[i * graph.k + r];
    }
    if (Number.isFinite(first) && Number.isFinite(last)) spreads.push(first - last);
  }
  if (spreads.length === 0) return floor;
  spreads.sort((a, b) => a - b);
  return Math.max(floor, spreads[spreads.length >> 1] / 2);
}

/**
 * Piecewise linear in the margin m = best other share - given share, in [-1, 1]: 0 at m = -1 (everyone agrees
 * with the label), 0.5 at m = clearMargin (by default the other label holds twice the given one's share in a
 * two-way vote), 1 at m = 1 (everyone agrees on another label).
 */
export function marginToConfidence(margin: number, clearMargin: number): number {
  const m = Math.max(-1, Math.min(1, margin));
  if (m <= clearMargin) return (0.5 * (m + 1)) / (clearMargin + 1);
  return 0.5 + (0.5 * (m - clearMargin)) / (1 - clearMargin);
}

/** The labelled share of one image: the vote, optionally blended with the alignment row. */
class Shares {
  given = 0;
  /** Sum of all shares, the given label's after its small-class ceiling. */
  total = 0;
  private readonly codes: Int32Array;
  private readonly values: Float64Array;
  private size = 0;
  private readonly alignRow: Float64Array;

  constructor(
    labelCount: number,
    private readonly aligned: AlignedScores | undefined,
  ) {
    this.codes = new Int32Array(labelCount);
    this.values = new Float64Array(labelCount);
    this.alignRow = new Float64Array(aligned ? labelCount : 0);
  }

  combine(
    vote: NeighbourVote | undefined,
    i: number,
    given: number,
    others: number,
    weight: number,
  ): boolean {
    const hasAlignment = this.aligned !== undefined && alignmentRow(this.aligned, i, given, this.alignRow);
    if (!vote && !hasAlignment) return false;
    const voteSay = !vote ? 0 : hasAlignment ? 1 - weight : 1;
    this.size = 0;
    if (hasAlignment) {
      for (let c = 0; c < this.alignRow.length; c++) this.push(c, (1 - voteSay) * this.alignRow[c]);
    }
    let givenVote = 0;
    if (vote) {
      // Singletons (others = 0) have no ceiling to scale by: their neighbourhood is judged as is.
      const ceiling = others > 0 ? vote.ceiling(others) : 1;
      givenVote = Math.min(1, vote.shareOf(given) / ceiling);
      for (let s = 0; s < vote.size; s++) {
        if (vote.codes[s] !== given) this.add(vote.codes[s], voteSay * vote.shares[s], hasAlignment);
      }
    }
    this.given = voteSay * givenVote + (hasAlignment ? (1 - voteSay) * this.alignRow[given] : 0);
    this.total = this.given;
    for (let s = 0; s < this.size; s++) if (this.codes[s] !== given) this.total += this.values[s];
    return true;
  }

  /** Writes the best labels other than `given` into out[at..]; returns the best share. */
  best(given: number, outCodes: Int32Array, outShares: Float32Array, at: number, max: number): number {
    let filled = 0;
    for (let s = 0; s < this.size; s++) {
      const code = this.codes[s];
      const share = this.values[s];
      if (code === given || !(share > 0)) continue;
      let r = Math.min(filled, max - 1);
      if (filled === max && share <= outShares[at + r]) continue;
      while (r > 0 && outShares[at + r - 1] < share) {
        outShares[at + r] = outShares[at + r - 1];
        outCodes[at + r] = outCodes[at + r - 1];
        r--;
      }
      outShares[at + r] = share;
      outCodes[at + r] = code;
      if (filled < max) filled++;
    }
    return filled > 0 ? outShares[at] : 0;
  }

  private push(code: number, value: number): void {
    this.codes[this.size] = code;
    this.values[this.size++] = value;
  }

  /** Dense rows (alignment present) are indexed by code; sparse ones are appended. */
  private add(code: number, value: number, dense: boolean): void {
    if (dense) this.values[code] += value;
    else this.push(code, value);
  }
}
