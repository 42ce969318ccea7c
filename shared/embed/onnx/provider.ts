import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { VisibleError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';

export type ProviderChoice = 'auto' | 'cpu' | 'cuda';
export type Provider = 'cpu' | 'cuda';

export interface SessionOptions {
  /** Intra-op threads; defaults to the cores this process may use. */
  threads?: number;
  /** Let idle intra-op threads spin-wait for work (onnxruntime's default) instead of sleeping. */
  spinning?: boolean;
  log: Logger;
}

/**
 * Why the CUDA provider cannot load, or undefined when its libraries are present. The project installs
 * onnxruntime-node without them (they are a download); checking the files first avoids onnxruntime's own
 * error spew on every CPU-only machine.
 */
export function cudaUnavailableReason(): string | undefined {
  if (process.platform !== 'linux' && process.platform !== 'win32')
    return `CUDA is not supported on ${process.platform}`;
  const binding = join(
    dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
    '..',
    'bin',
    'napi-v6',
    process.platform,
    process.arch,
  );
  const library =
    process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return existsSync(join(binding, library)) ? undefined : `onnxruntime-node was installed without ${library}`;
}

const cudaHint =
  'reinstall its CUDA libraries with `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` on a machine with CUDA 12 and cuDNN 9';

/**
 * Opens a session on the chosen provider. 'auto' tries CUDA and falls back to the CPU with a log line;
 * the provider it settled on is returned so a model's other tower goes straight to it.
 */
export async function openSession(
  path: string,
  choice: ProviderChoice,
  options: SessionOptions,
): Promise<{ session: InferenceSession; provider: Provider }> {
  if (choice !== 'cpu') {
    const missing = cudaUnavailableReason();
    if (missing === undefined) {
      try {
        return { session: await create(path, 'cuda', options), provider: 'cuda' };
      } catch (error) {
        if (choice === 'cuda') throw cudaError((error as Error).message, error);
        options.log.info('CUDA execution provider failed to start; using the CPU', {
          reason: (error as Error).message,
        });
      }
    } else if (choice === 'cuda') {
      throw cudaError(missing);
    } else {
      options.log.info('CUDA execution provider unavailable; using the CPU', { reason: missing });
    }
  }
  return { session: await create(path, 'cpu', options), provider: 'cpu' };
}

function cudaError(reason: string, cause?: unknown): VisibleError {
  return new VisibleError(
    `provider "cuda" was asked for but cannot start (${reason}): ${cudaHint}, or set provider to "auto" or "cpu".`,
    'provider',
    {
      cause,
    },
  );
}

async function create(path: string, provider: Provider, options: SessionOptions): Promise<InferenceSession> {
  try {
    return await InferenceSession.create(path, {
      executionProviders: [provider],
      intraOpNumThreads: options.threads ?? availableParallelism(),
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      extra: { session: { intra_op: { allow_spinning: options.spinning ? '1' : '0' } } },
    });
  } catch (error) {
    if (provider === 'cuda') throw error;
    throw new VisibleError(`Cannot load the ONNX model ${path}: ${(error as Error).message}`, 'model_files', {
      cause: error,
    });
  }
}
