import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type CloudSettings, lambdaEndpoint, s3Endpoint } from './settings.ts';

/** What of this cloud (its CLOUD_DIR) is already running: only our own processes are ever reused. */
export interface Running {
  s3: boolean;
  lambda: boolean;
}

/**
 * A server that answers on one of our ports but was not started from our CLOUD_DIR (another checkout's cloud,
 * an unrelated S3 server) is refused with the way out, never silently used: its data is not ours to write.
 */
export async function runningHere(settings: CloudSettings): Promise<Running> {
  const s3Answers = await answers(s3Endpoint(settings));
  const lambdaAnswers = await answers(`${lambdaEndpoint(settings)}/health`);
  const s3 = s3Answers && (await radosgwOf(settings));
  const lambda = lambdaAnswers && (await lambdaOf(settings));
  if (s3Answers && !s3) throw foreign(`127.0.0.1:${settings.s3Port}`, 'VISCURA_S3_PORT', settings);
  if (lambdaAnswers && !lambda)
    throw foreign(`127.0.0.1:${settings.lambdaPort}`, 'VISCURA_LAMBDA_PORT', settings);
  return { s3, lambda };
}

function foreign(address: string, variable: string, settings: CloudSettings): Error {
  return new Error(
    `Something already answers on ${address} that this local cloud (${settings.dir}) did not start; ` +
      `stop it, or pick another port with ${variable}.`,
  );
}

/** radosgw-up.sh records the pids it started; ours is alive and was started with our ceph.conf. */
async function radosgwOf(settings: CloudSettings): Promise<boolean> {
  const pid = Number(await readFile(join(settings.dir, 'run', 'rgw.pid'), 'utf8').catch(() => ''));
  if (!(pid > 0)) return false;
  const cmdline = await commandLine(pid);
  return cmdline.includes('radosgw') && cmdline.includes(join(settings.dir, 'ceph.conf'));
}

async function lambdaOf(settings: CloudSettings): Promise<boolean> {
  const pid = Number(await readFile(join(settings.dir, 'lambda.pid'), 'utf8').catch(() => ''));
  return pid > 0 && isLambdaApi(pid);
}

/** Only a process that is still our stand-in is signalled: a recorded pid may since belong to another. */
export async function isLambdaApi(pid: number): Promise<boolean> {
  return (await commandLine(pid)).includes('lambda-main.ts');
}

async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
}

export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

/** A port nothing listens on right now (the OS picks it), for a cloud of one's own. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
