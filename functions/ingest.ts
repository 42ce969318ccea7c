// The embedder function: S3 object events (direct or through SQS) -> rows in LanceDB on S3.
import { createIngestHandler, ingestOptions, lazyHandler } from '../shared/cloud/index.ts';
import { loadConfig } from '../shared/config/index.ts';
import { createLogger } from '../shared/log/index.ts';
import { openRuntime } from '../shared/runtime/index.ts';

export const handler = lazyHandler(async () => {
  const config = loadConfig();
  const log = createLogger(config.logLevel).child({ function: 'ingest' });
  return createIngestHandler(ingestOptions(await openRuntime(config, log)));
});
