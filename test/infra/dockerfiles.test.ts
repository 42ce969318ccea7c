import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { command, copyPaths, environment, readDockerfile, type Stage } from './dockerfile.ts';

const cpu = readDockerfile('infra/Dockerfile.embedder');
const cuda = readDockerfile('infra/Dockerfile.embedder-cuda');

/** Export names of infra/lambda/handlers.mjs, read by importing it in a plain node process, as Lambda does. */
const handlerExports = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const m = await import('./infra/lambda/handlers.mjs'); console.log(JSON.stringify(Object.keys(m).filter((k) => typeof m[k] === 'function')))",
    ],
    { encoding: 'utf8' },
  ),
) as string[];

function allowScripts(): Record<string, boolean> {
  return (JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean> })
    .allowScripts;
}

function ignored(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** Every COPY from the build context names a path that exists and that the ignore file lets through. */
function contextCopies(stage: Stage, ignore: string[]): string[] {
  const sources = stage.instructions
    .filter((i) => i.op === 'COPY' && !i.flags.from)
    .flatMap((i) => copyPaths(i).sources);
  for (const source of sources) {
    expect(existsSync(source), `${source} exists`).toBe(true);
    expect(ignore.some((pattern) => pattern === source || pattern === `${source.split('/')[0]}`)).toBe(false);
  }
  return sources;
}

describe('the Lambda image (CPU)', () => {
  const [build, final] = cpu.stages;

  it('builds on and runs in the Node 22 Lambda base image', () => {
    expect(cpu.stages.map((stage) => stage.base)).toEqual([
      'public.ecr.aws/lambda/nodejs:22',
      'public.ecr.aws/lambda/nodejs:22',
    ]);
  });

  it('installs production dependencies only, with the CUDA download skipped whatever the npm version', () => {
    const run = build.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(run.some((line) => /npm ci --omit=dev\b/.test(line))).toBe(true);
    expect(contextCopies(build, ignored('infra/Dockerfile.embedder.dockerignore'))).toContain('.npmrc');
    // npm >= 11.19 skips the denied postinstall; an older npm in the base image runs it, told to skip.
    expect(allowScripts()['onnxruntime-node']).toBe(false);
    expect(environment(build).ONNXRUNTIME_NODE_INSTALL).toBe('skip');
  });

  it('pulls a non-built-in model at build time with the checksummed pull command', () => {
    const run = build.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(run.some((line) => line.includes('node bin/viscura.mjs models pull "$MODEL"'))).toBe(true);
    expect(environment(final)).toMatchObject({
      VISCURA_MODELS_DIR: '/opt/viscura/models',
      VISCURA_PROVIDER: 'cpu',
    });
  });

  it('copies into the final image only what the build stage made', () => {
    const made = new Set(
      build.instructions
        .filter((i) => i.op === 'COPY')
        .flatMap((i) => {
          const { sources, target } = copyPaths(i);
          const into = target.replace(/^\.\/?/, '');
          return target.endsWith('/')
            ? sources.map((source) => `/build/${into}${source}`)
            : [`/build/${into}`];
        }),
    );
    made.add('/build/node_modules');
    made.add('/opt/viscura/models');
    for (const copy of final.instructions.filter((i) => i.op === 'COPY')) {
      expect(copy.flags.from).toBe('build');
      for (const source of copyPaths(copy).sources) expect(made.has(source), source).toBe(true);
    }
  });

  it('starts the ingest handler; every entry the module exports runs a handler in functions/', () => {
    const [entry] = command(final);
    const [, module, name] = /^(.+)\.(\w+)$/.exec(entry) ?? [];
    expect(existsSync(`${module}.mjs`)).toBe(true);
    expect(name).toBe('ingest');
    const entries = Object.fromEntries(
      [...readFileSync(`${module}.mjs`, 'utf8').matchAll(/export const (\w+) = lazy\('([\w-]+)'\)/g)].map(
        ([, exported, file]) => [exported, file],
      ),
    );
    expect(Object.keys(entries).sort()).toEqual([...handlerExports].sort());
    expect(entries).toMatchObject({
      ingest: 'ingest',
      curate: 'curate',
      curateShard: 'curate-shard',
      query: 'query',
    });
    for (const file of Object.values(entries)) {
      expect(readFileSync(`functions/${file}.ts`, 'utf8')).toMatch(/^export const handler\b/m);
    }
  });
});

describe('the GPU image (CUDA)', () => {
  const [build, final] = cuda.stages;

  it('runs on a CUDA 12 + cuDNN runtime base with Node 22 from the build stage', () => {
    expect(build.base).toMatch(/^node:22-/);
    expect(final.base).toMatch(/^nvidia\/cuda:12\.\d+\.\d+-cudnn-runtime-/);
    expect(final.instructions.some((i) => i.op === 'COPY' && i.args.startsWith('/usr/local/bin/node '))).toBe(
      true,
    );
  });

  it('has the onnxruntime postinstall fetch the CUDA provider and checks it landed', () => {
    const install = build.instructions.find((i) => i.op === 'RUN' && i.args.includes('npm ci'));
    // npm skips the postinstall (denied, or told to by the env); it is run by hand after the install.
    const steps = install?.args ?? '';
    expect(steps.indexOf('npm ci')).toBeLessThan(
      steps.indexOf('ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install'),
    );
    expect(steps).toContain('libonnxruntime_providers_cuda.so');
    // The installer reads ONNXRUNTIME_NODE_INSTALL first (onnxruntime-node's script/install-utils.js).
    const installer = readFileSync('node_modules/onnxruntime-node/script/install-utils.js', 'utf8');
    expect(installer).toContain('process.env.ONNXRUNTIME_NODE_INSTALL ||');
    expect(readFileSync('node_modules/onnxruntime-node/script/install.js', 'utf8')).toContain(
      'if (INSTALL_FLAG === false)',
    );
    expect(contextCopies(build, ignored('infra/Dockerfile.embedder-cuda.dockerignore'))).toContain(
      'infra/gpu',
    );
  });

  it('lets the provider fall back to the CPU and starts the queue worker', () => {
    expect(environment(final).VISCURA_PROVIDER).toBe('auto');
    const [node, runner, entry] = command(final);
    expect(node).toBe('node');
    expect(existsSync(runner)).toBe(true);
    expect(existsSync(entry)).toBe(true);
    expect(readFileSync(entry, 'utf8')).toContain("from '../../functions/ingest.ts'");
  });
});
