// The embedder function: S3 object events (direct or through SQS) -> rows in LanceDB on S3.
import { ingestFunction } from '../shared/adapters/lambda/ingest.ts';

export const handler = ingestFunction();
