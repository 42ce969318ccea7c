// Scheduled curation: every pass over the dataset, large kNN graphs fanned out to curate-shard functions,
// the run and its report written to the bucket.
import { curateFunction } from '../shared/adapters/lambda/curate.ts';

export const handler = curateFunction();
