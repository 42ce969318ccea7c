// The Lambda face. Each function's entry (functions/<name>.ts) imports its own file here, so a container
// started for one function never loads another's modules; this index holds what they share.
export { createIngestHandler, type IngestHandlerOptions, type IngestReport } from './ingest-handler.ts';
export { ingestOptions } from './ingest-options.ts';
export { type LambdaContext, type LambdaHandler, lazyHandler, type SqsBatchResponse } from './lambda.ts';
