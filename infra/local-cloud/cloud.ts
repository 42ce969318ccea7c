import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { configureNotifications } from './notifications.ts';
import { answers, isLambdaApi, runningHere } from './ownership.ts';
import { type CloudSettings, functionEnv, lambdaEndpoint, s3Endpoint } from './settings.ts';

export interface CloudInfo {
  s3Endpoint: string;
  lambdaEndpoint: string;
  bucket: string;
  /** Export these to point viscura (and the AWS SDK) at the local cloud. */
  env: Record<string, string>;
}

const SCRIPTS = 'infra/local-cloud';
/** Outside the watched prefixes: the function refuses these events without side effects. */
const PROBE_PREFIX = 'cloud-probe/';

export interface StartedCloud {
  info: CloudInfo;
  /** Stops what this call started (nothing, when it found the cloud running). */
  stop(): Promise<void>;
}

/**
 * Starts what is not running yet: radosgw (installing Ceph when missing), the bucket, the Lambda stand-in,
 * and the bucket notification that pushes to it. If a step fails, what this call started is stopped again.
 */
export async function startLocalCloud(settings: CloudSettings): Promise<StartedCloud> {
  const { s3: s3Up, lambda: lambdaUp } = await runningHere(settings);
  const stop = async () => {
    if (!lambdaUp) await stopLambdaApi(settings);
    if (!s3Up) await runScript('radosgw-down.sh', settings);
  };
  try {
    if (!s3Up) await runScript('radosgw-up.sh', settings);
    const s3 = s3Client(settings);
    try {
      await ensureBucket(s3, settings.bucket);
      if (!lambdaUp) await startLambdaApi(settings);
      await configureNotifications(s3, {
        endpoint: s3Endpoint(settings),
        credentials: credentials(settings),
        bucket: settings.bucket,
        prefixes: [...settings.watch, PROBE_PREFIX],
        pushEndpoint: `${lambdaEndpoint(settings)}/queues/ingest`,
        topic: `${settings.bucket}-ingest`,
      });
      await awaitDelivery(s3, settings);
    } finally {
      s3.destroy();
    }
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  const info = cloudInfo(settings);
  await writeFile(join(settings.dir, 'cloud.json'), `${JSON.stringify(info, null, 2)}\n`);
  const exports = Object.entries(info.env).map(([name, value]) => `export ${name}=${value}`);
  await writeFile(join(settings.dir, 'env'), `${exports.join('\n')}\n`);
  return { info, stop };
}

/** Stops the stand-in (by its recorded pid) and everything radosgw-up.sh recorded, then removes the state. */
export async function stopLocalCloud(settings: CloudSettings): Promise<void> {
  await stopLambdaApi(settings);
  await runScript('radosgw-down.sh', settings);
}

async function stopLambdaApi(settings: CloudSettings): Promise<void> {
  const pidFile = join(settings.dir, 'lambda.pid');
  const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  if (pid > 0 && (await isLambdaApi(pid))) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && (await isLambdaApi(pid)); i++) await sleep(50);
    if (await isLambdaApi(pid)) process.kill(pid, 'SIGKILL');
  }
  await rm(pidFile, { force: true });
}

export function cloudInfo(settings: CloudSettings): CloudInfo {
  return {
    s3Endpoint: s3Endpoint(settings),
    lambdaEndpoint: lambdaEndpoint(settings),
    bucket: settings.bucket,
    env: functionEnv(settings),
  };
}

export function s3Client(settings: CloudSettings): S3Client {
  return new S3Client({
    endpoint: s3Endpoint(settings),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: credentials(settings),
  });
}

function credentials(settings: CloudSettings) {
  return { accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey };
}

async function startLambdaApi(settings: CloudSettings): Promise<void> {
  await mkdir(join(settings.dir, 'log'), { recursive: true });
  const logFd = openSync(join(settings.dir, 'log', 'lambda.log'), 'a');
  const child = spawn(process.execPath, ['bin/run-ts.mjs', `${SCRIPTS}/lambda-main.ts`], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...process.env,
      ...functionEnv(settings),
      CLOUD_DIR: settings.dir,
      VISCURA_LAMBDA_PORT: String(settings.lambdaPort),
    },
  });
  child.unref();
  await writeFile(join(settings.dir, 'lambda.pid'), `${child.pid}\n`);
  for (let i = 0; i < 300; i++) {
    if (await answers(`${lambdaEndpoint(settings)}/health`)) return;
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`The Lambda stand-in did not start; see ${join(settings.dir, 'log', 'lambda.log')}`);
}

/** A probe object proves the wiring end to end: radosgw pushes its event to the stand-in's queue. */
async function awaitDelivery(s3: S3Client, settings: CloudSettings): Promise<void> {
  const url = `${lambdaEndpoint(settings)}/queues/ingest`;
  const received = async () => ((await (await fetch(url)).json()) as { received: number }).received;
  const before = await received();
  const Key = `${PROBE_PREFIX}${Date.now()}`;
  await s3.send(new PutObjectCommand({ Bucket: settings.bucket, Key, Body: 'probe' }));
  try {
    for (let i = 0; i < 100; i++) {
      if ((await received()) > before) return;
      await sleep(100);
    }
    throw new Error('radosgw did not push the probe notification to the Lambda stand-in within 10 s');
  } finally {
    await s3.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key }));
  }
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}

function runScript(script: string, settings: CloudSettings): Promise<void> {
  const env = {
    ...process.env,
    CLOUD_DIR: settings.dir,
    VISCURA_S3_PORT: String(settings.s3Port),
    VISCURA_MON_PORT: String(settings.monPort),
    VISCURA_S3_ACCESS_KEY: settings.accessKey,
    VISCURA_S3_SECRET_KEY: settings.secretKey,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [`${SCRIPTS}/${script}`], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}
