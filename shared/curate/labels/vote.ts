import type { KnnGraph } from './types.ts';

/**
 * One image's neighbourhood vote, sparse: at most k distinct labels. Weights are exp((s - s1) / temperature),
 * s1 the most similar labelled neighbour, so the nearest counts 1 and the weight halves every
 * temperature x ln 2 of cosine further out.
 */
export class NeighbourVote {
  readonly codes: Int32Array;
  readonly shares: Float64Array;
  /** Distinct labels in the vote. */
  size = 0;
  /** Labelled neighbours that voted. */
  voters = 0;
  private readonly weights: Float64Array;
  private total = 0;

  constructor(k: number) {
    this.codes = new Int32Array(k);
    this.shares = new Float64Array(k);
    this.weights = new Float64Array(k);
  }

  /**
   * Tallies row i; returns false when no labelled neighbour voted. Members of i's own duplicate group (when
   * groups are given) that carry i's label do not vote: a copy repeats the same annotation, it is not
   * independent evidence. A copy with another label does vote: disagreeing copies are the strongest evidence.
   */
  tally(
    graph: KnnGraph,
    codes: Int32Array,
    i: number,
    k: number,
    temperature: number,
    groups?: Int32Array,
  ): boolean {
    const group = groups ? groups[i] : -1;
    this.size = 0;
    this.voters = 0;
    let total = 0;
    let top = Number.NaN;
    for (let r = 0; r < k; r++) {
      const at = i * graph.k + r;
      const j = graph.neighbors[at];
      // The graph has self removed already; the guard keeps an image from ever voting for itself.
      if (j < 0 || j === i) continue;
      const code = codes[j];
      if (code < 0 || (group >= 0 && groups?.[j] === group && code === codes[i])) continue;
      if (Number.isNaN(top)) top = graph.similarities[at];
      const w = Math.exp((graph.similarities[at] - top) / temperature);
      this.weights[this.voters++] = w;
      total += w;
      this.add(code, w);
    }
    if (this.voters === 0) return false;
    for (let s = 0; s < this.size; s++) this.shares[s] /= total;
    this.total = total;
    return true;
  }

  /** Share of `code` in the vote (0 when absent). */
  shareOf(code: number): number {
    for (let s = 0; s < this.size; s++) if (this.codes[s] === code) return this.shares[s];
    return 0;
  }

  /**
   * The largest share a label with `others` other members could reach here: the weight of the `others` nearest
   * voters. A small class cannot fill a neighbourhood, so its share is judged against this ceiling.
   */
  ceiling(others: number): number {
    if (others >= this.voters) return 1;
    let top = 0;
    // Weights arrive in descending order because similarities do.
    for (let r = 0; r < others; r++) top += this.weights[r];
    return top / this.total;
  }

  private add(code: number, w: number): void {
    for (let s = 0; s < this.size; s++) {
      if (this.codes[s] === code) {
        this.shares[s] += w;
        return;
      }
    }
    this.codes[this.size] = code;
    this.shares[this.size++] = w;
  }
}
