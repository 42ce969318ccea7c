import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../log/index.ts';
import { openRuntime } from '../../runtime/index.ts';
import { createIngestHandler } from './ingest-handler.ts';
import { ingestOptions } from './ingest-options.ts';
import { lazyHandler } from './lambda.ts';

/** The embedder function: S3 object events (direct or through SQS) -> rows in LanceDB on S3. */
export function ingestFunction(env: Record<string, string | undefined> = process.env) {
  return lazyHandler(async () => {
    const config = loadConfig({ env });
    const log = createLogger(config.logLevel).child({ function: 'ingest' });
    return createIngestHandler(ingestOptions(await openRuntime(config, log)));
  });
}
