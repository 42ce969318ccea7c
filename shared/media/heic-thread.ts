import { Worker } from 'node:worker_threads';

/** RGBA pixels, irot/imir already applied by libheif. */
export interface HeicPixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A worker that has been idle this long is ended, and with it the WebAssembly memory a large photo grew. */
const IDLE_MS = 10_000;

interface Pending {
  resolve(pixels: HeicPixels): void;
  reject(error: Error): void;
}

let worker: Worker | undefined;
let idle: NodeJS.Timeout | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

/** Decodes one HEIC in the decoder thread (one thread: decodes queue there, the event loop stays free). */
export function decodeHeicInThread(input: Uint8Array): Promise<HeicPixels> {
  const thread = start();
  clearTimeout(idle);
  const id = nextId++;
  const bytes = new Uint8Array(input); // a copy whose buffer moves to the thread
  return new Promise<HeicPixels>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    thread.postMessage({ id, bytes }, [bytes.buffer]);
  });
}

function start(): Worker {
  if (worker) return worker;
  const thread = new Worker(new URL('./heic-worker.mjs', import.meta.url));
  thread.unref();
  thread.on('message', (message: { id: number; error?: string } & Partial<HeicPixels>) => {
    const job = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) job?.reject(new Error(message.error));
    else
      job?.resolve({
        width: message.width as number,
        height: message.height as number,
        data: message.data as Uint8Array,
      });
    if (pending.size === 0) idle = setTimeout(stop, IDLE_MS).unref();
  });
  // A thread that dies (out of memory in a hostile file) fails what it held; the next decode starts a new one.
  const fail = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
    if (worker === thread) worker = undefined;
  };
  thread.on('error', fail);
  thread.on('exit', (code) => fail(new Error(`the HEIC decoder stopped (exit code ${code})`)));
  worker = thread;
  return thread;
}

function stop(): void {
  const thread = worker;
  worker = undefined;
  if (thread && pending.size === 0) void thread.terminate();
}
