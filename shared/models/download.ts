import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { VisibleError } from '../errors/index.ts';
import { sha256File } from './hash.ts';

export interface DownloadOptions {
  expectedBytes: number | null;
  expectedSha256: string | null;
  /** Until response headers arrive: short, so an offline machine fails fast. */
  connectTimeoutMs?: number;
  /** Longest silence while the body streams before the download is abandoned (and can resume later). */
  idleTimeoutMs?: number;
  onProgress?: (received: number, total: number | undefined) => void;
}

export interface Downloaded {
  bytes: number;
  sha256: string;
  /** Bytes already in the .part file that a Range request continued from (0 for a fresh download). */
  resumedFrom: number;
}

/** The server could not be reached at all (DNS, refused, timed out): the caller explains how to go offline. */
export class UnreachableError extends VisibleError {
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot reach ${new URL(url).host} (${reason})`, 'unreachable', options);
  }
}

/**
 * Downloads `url` into `dest`: bytes go to dest.part, a broken download resumes with an HTTP Range request,
 * and only a file of the expected size and sha256 is renamed to `dest`. A wrong checksum deletes the .part.
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions): Promise<Downloaded> {
  const part = `${dest}.part`;
  let offset = (await stat(part).catch(() => undefined))?.size ?? 0;
  if (options.expectedBytes !== null && offset > options.expectedBytes) {
    await rm(part, { force: true });
    offset = 0;
  }
  const resumedFrom = await fetchInto(url, part, offset, options);
  const bytes = (await stat(part)).size;
  if (options.expectedBytes !== null && bytes !== options.expectedBytes) {
    if (bytes > options.expectedBytes) await rm(part, { force: true });
    throw new VisibleError(
      `${url} gave ${bytes} bytes where ${options.expectedBytes} were expected${bytes < options.expectedBytes ? '; run the pull again to resume' : '; the file was removed'}.`,
      'download_size',
    );
  }
  const sha256 = await sha256File(part);
  if (options.expectedSha256 !== null && sha256 !== options.expectedSha256) {
    await rm(part, { force: true });
    throw new VisibleError(
      `${url} does not match its checksum (sha256 ${sha256}, expected ${options.expectedSha256}); the download was removed and nothing was installed.`,
      'checksum',
    );
  }
  await rename(part, dest);
  return { bytes, sha256, resumedFrom };
}

/** Appends the rest of the file to `part`; returns the offset it resumed from. */
async function fetchInto(
  url: string,
  part: string,
  offset: number,
  options: DownloadOptions,
): Promise<number> {
  if (options.expectedBytes !== null && offset === options.expectedBytes) return offset;
  const controller = new AbortController();
  const connectTimer = setTimeout(
    () => controller.abort(new Error('no answer in time')),
    options.connectTimeoutMs ?? 10_000,
  );
  let response: Response;
  try {
    response = await fetch(url, {
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      signal: controller.signal,
      redirect: 'follow',
    });
  } catch (error) {
    throw new UnreachableError(url, networkReason(error, controller.signal), { cause: error });
  } finally {
    clearTimeout(connectTimer);
  }
  if (response.status === 416 && offset > 0) {
    // The server has nothing past our offset: the .part is already whole (the checks that follow decide).
    await response.body?.cancel();
    return offset;
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    throw new VisibleError(
      `Download of ${url} failed: HTTP ${response.status} ${response.statusText}`,
      'download_http',
    );
  }
  const start = response.status === 206 ? offset : 0;
  const total = options.expectedBytes ?? contentTotal(response, start);
  await streamBody(response, part, start, total, controller, options);
  return start;
}

async function streamBody(
  response: Response,
  part: string,
  start: number,
  total: number | undefined,
  controller: AbortController,
  options: DownloadOptions,
): Promise<void> {
  if (!response.body) throw new VisibleError(`The server sent no body for ${response.url}`, 'download_http');
  let received = start;
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () => controller.abort(new Error('the download stalled')),
      options.idleTimeoutMs ?? 60_000,
    );
  };
  // A broken connection ends the source quietly, so the file stream still flushes every byte received:
  // an error inside the pipeline would destroy the file stream with writes pending, losing resumable bytes.
  let broken: unknown;
  async function* counted(source: AsyncIterable<Uint8Array>) {
    arm();
    try {
      for await (const chunk of source) {
        arm();
        received += chunk.byteLength;
        options.onProgress?.(received, total);
        yield chunk;
      }
    } catch (error) {
      broken = error;
    }
  }
  options.onProgress?.(received, total);
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      counted,
      createWriteStream(part, { flags: start > 0 ? 'a' : 'w' }),
    );
    if (broken !== undefined) throw broken;
  } catch (error) {
    throw new VisibleError(
      `The download of ${response.url} broke off after ${received} bytes (${networkReason(error, controller.signal)}); run the pull again to resume.`,
      'download_interrupted',
      { cause: error },
    );
  } finally {
    clearTimeout(idle);
  }
}

function contentTotal(response: Response, start: number): number | undefined {
  const range = response.headers.get('content-range')?.match(/\/(\d+)$/);
  if (range) return Number(range[1]);
  const length = response.headers.get('content-length');
  return length === null ? undefined : start + Number(length);
}

function networkReason(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason.message : 'aborted';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
