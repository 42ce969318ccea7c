// The Lambda Invoke API stand-in as a process: node bin/run-ts.mjs infra/local-cloud/lambda-main.ts
// Functions read their configuration from this process's environment (see settings.ts functionEnv).
import { appendFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createLogger } from '../../shared/log/index.ts';
import { functionRegistry } from './functions.ts';
import { lambdaApi } from './lambda-api.ts';
import { cloudSettings } from './settings.ts';

const settings = cloudSettings();
const level = process.env.VISCURA_LOG_LEVEL === 'debug' ? 'debug' : 'info';
const log = createLogger(level).child({ service: 'lambda-api' });
await mkdir(settings.dir, { recursive: true });
const deadLetters = join(settings.dir, 'dead-letters.jsonl');

const api = lambdaApi({
  functions: functionRegistry(resolve('functions')),
  log,
  deadLetter: async (entry) => {
    log.error('dead letter', { function: entry.function, reason: entry.reason, file: deadLetters });
    await appendFile(deadLetters, `${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
  },
});
const server = serve({ fetch: api.app.fetch, hostname: '127.0.0.1', port: settings.lambdaPort }, (info) =>
  log.info('listening', { url: `http://127.0.0.1:${info.port}` }),
);

const stop = async () => {
  server.close();
  await Promise.race([api.drain(), new Promise((done) => setTimeout(done, 5_000))]);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
