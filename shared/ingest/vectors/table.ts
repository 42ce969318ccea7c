import { normaliseKey } from '../annotations/index.ts';
import type { SuppliedVector, VectorFileProblem, VectorProblem } from './types.ts';

/** The vectors of one file by image key, with what could not be used and why. */
export class VectorTable {
  readonly entries = new Map<string, SuppliedVector>();
  /** Keys whose entry is unusable: the image fails with this reason rather than with "no vector". */
  readonly refused = new Map<string, VectorProblem>();
  /** Lines or rows that name no usable key: reported with the run, they fail no image. */
  readonly problems: VectorFileProblem[] = [];

  constructor(readonly file: string) {}

  add(rawKey: string, entry: SuppliedVector): void {
    const key = normaliseKey(rawKey);
    if (this.refused.has(key)) return;
    const earlier = this.entries.get(key);
    if (earlier) {
      // Two vectors for one image: neither can be trusted to be the right one.
      this.entries.delete(key);
      this.refused.set(key, { problem: `two vectors for this image (${earlier.where} and ${entry.where})` });
      return;
    }
    this.entries.set(key, entry);
  }

  refuse(rawKey: string, where: string, reason: string): void {
    const key = normaliseKey(rawKey);
    this.entries.delete(key);
    this.refused.set(key, { problem: `${where}: ${reason}` });
  }

  problem(where: string, reason: string): void {
    this.problems.push({ where, reason });
  }

  keys(): string[] {
    return [...this.entries.keys(), ...this.refused.keys()];
  }

  /** Model names the entries carry, with how many name each. */
  models(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const entry of this.entries.values())
      if (entry.model) counts.set(entry.model, (counts.get(entry.model) ?? 0) + 1);
    return counts;
  }

  /** The size most vectors of `model` have (entries naming no model count as its); undefined when none. */
  commonDimension(model: string): number | undefined {
    const counts = new Map<number, number>();
    for (const entry of this.entries.values()) {
      if (entry.model !== undefined && entry.model !== model) continue;
      counts.set(entry.vector.length, (counts.get(entry.vector.length) ?? 0) + 1);
    }
    let best: [number, number] | undefined;
    // Ties go to the larger size, so the answer does not depend on file order.
    for (const [size, count] of counts)
      if (!best || count > best[1] || (count === best[1] && size > best[0])) best = [size, count];
    return best?.[0];
  }
}
