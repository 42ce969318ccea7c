import { mirrorVector } from '../../embed/descriptor/flip.ts';
import { type Bucket, decodeContentVector, type ImageRow, type Store } from '../../store/index.ts';
import type { VectorMirror } from '../duplicates/index.ts';
import { duplicateScore } from '../duplicates/index.ts';
import {
  type PairVerdict,
  type VerifyImage,
  verifyImageFromBytes,
  verifyPair,
} from '../duplicates/verify/index.ts';

/** A candidate pair judged the way the full run judges it. */
export interface Judgement {
  same: boolean;
  /** Confidence in [0, 1] that the pair is one picture (the descriptor's graded score where it cannot judge). */
  confidence: number;
  verdict: PairVerdict | null;
}

export interface ArrivalJudge {
  /** Whether `image` is a copy of the stored (or earlier scored) image `keeperId`. */
  judge(keeperId: string, image: ImageRow, cosine: number): Promise<Judgement>;
  /**
   * Stored images nearest to the mirrored vector (a flipped copy) and to the content vector (a framed copy), at
   * or above the candidate cut-off.
   */
  extraCandidates(image: ImageRow): Promise<{ id: string; similarity: number }[]>;
}

interface JudgeOptions {
  store: Store;
  bucket: Bucket;
  dataset: string;
  /** The descriptor-only cut-off, for a pair the verifier cannot judge. */
  threshold: number;
  candidate: number;
  /** Verification confidence at which a pair is the same picture (the full run's 0.5). */
  confidence: number;
  mirror?: VectorMirror;
  /** Rows this run already holds (the arrivals), so their thumbnails are not looked up again. */
  known: Map<string, ImageRow>;
}

/** The incremental run's side of verification: the same verifier on the same stored thumbnails as the full run. */
export function arrivalJudge(options: JudgeOptions): ArrivalJudge {
  const pyramids = new Map<string, Promise<VerifyImage | null>>();
  const pyramid = (id: string) => {
    let loading = pyramids.get(id);
    if (!loading) {
      loading = thumbnailOf(options, id)
        .then((bytes) => (bytes ? verifyImageFromBytes(bytes) : null))
        .catch(() => null);
      pyramids.set(id, loading);
    }
    return loading;
  };
  const judged = new Map<string, Judgement>();
  return {
    async judge(keeperId, image, cosine) {
      const key = `${keeperId}|${image.id}`;
      const known = judged.get(key);
      if (known) return known;
      const [keeper, copy] = await Promise.all([pyramid(keeperId), pyramid(image.id)]);
      const verdict = keeper && copy ? verifyPair(keeper, copy) : null;
      const result: Judgement =
        verdict?.confidence == null
          ? {
              same: cosine >= options.threshold,
              confidence: duplicateScore(cosine, options.threshold),
              verdict: null,
            }
          : { same: verdict.confidence >= options.confidence, confidence: verdict.confidence, verdict };
      judged.set(key, result);
      return result;
    },
    async extraCandidates(image) {
      const queries: Float32Array[] = [];
      if (options.mirror) queries.push(mirrorVector(image.vector, options.mirror));
      const content = decodeContentVector(image.contentVector, image.vector.length);
      if (content) queries.push(content);
      const out: { id: string; similarity: number }[] = [];
      for (const query of queries) {
        const hits = await options.store.images.vectorSearch(options.dataset, query, {
          limit: 2,
          exclude: [image.id],
        });
        for (const hit of hits) {
          options.known.set(hit.row.id, hit.row);
          if (hit.score >= options.candidate) out.push({ id: hit.row.id, similarity: hit.score });
        }
      }
      return out;
    },
  };
}

async function thumbnailOf(options: JudgeOptions, id: string): Promise<Uint8Array | undefined> {
  let row = options.known.get(id);
  if (!row) {
    [row] = await options.store.images.getMany(options.dataset, [id]);
    if (row) options.known.set(id, row);
  }
  if (!row?.thumbnailKey) return undefined;
  return (await options.bucket.get(row.thumbnailKey)) ?? undefined;
}
