import type { SubjectKind } from '../../store/index.ts';
import type { NodeQueryDeps } from './deps.ts';
import type { Results } from './results.ts';

/** The deps plus the cached curation results: what every operation of the Node port reads from. */
export interface PortContext extends NodeQueryDeps {
  results(dataset: string, kind?: SubjectKind): Promise<Results>;
}
