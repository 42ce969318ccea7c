/**
 * How many modules opening a local-folder runtime loads, and how many of them are the AWS SDK's:
 *   node bin/run-ts.mjs bench/structure/runtime-modules.ts
 * A loader hook counts every ES module loaded after it is registered; require's cache counts CommonJS ones.
 * A local runtime should load no @aws-sdk/ or @smithy/ module at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';

const HOOK = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`;

const loaded = new Set<string>();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url: string) => loaded.add(url));
port1.unref();
register(`data:text/javascript,${encodeURIComponent(HOOK)}`, {
  parentURL: import.meta.url,
  data: { port: port2 },
  transferList: [port2],
});

const dataDir = mkdtempSync(join(tmpdir(), 'viscura-modules-'));
const { loadConfig } = await import('../../shared/config/index.ts');
const { silentLogger } = await import('../../shared/log/index.ts');
const { openRuntime } = await import('../../shared/runtime/index.ts');
const runtime = await openRuntime(loadConfig({ env: { VISCURA_DATA_DIR: dataDir } }), silentLogger);
await runtime.close();
rmSync(dataDir, { recursive: true, force: true });
await new Promise((done) => setTimeout(done, 200));

const commonJs = Object.keys(createRequire(import.meta.url).cache);
const all = [...loaded, ...commonJs];
const aws = all.filter((name) => /node_modules\/@(aws-sdk|smithy|aws-crypto)\//.test(name));
console.log(
  `local-folder runtime: ${all.length} modules loaded (${loaded.size} ES, ${commonJs.length} CommonJS)`,
);
console.log(`  of which AWS SDK (@aws-sdk, @smithy, @aws-crypto): ${aws.length}`);
