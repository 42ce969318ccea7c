import type { LanceQueryDeps } from './deps.ts';
import type { ResultsCache } from './results.ts';
import type { TextVectors } from './text-vectors.ts';

/** The deps plus the cached curation results: what every operation of the Node port reads from. */
export interface PortContext extends LanceQueryDeps {
  results: ResultsCache;
  textVectors: TextVectors;
}
