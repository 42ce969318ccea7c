import { type ChildProcess, fork } from 'node:child_process';
import { VisibleError } from '../../errors/index.ts';
import type { FromWorker, WorkerTask } from './messages.ts';
import type { PartitionReport } from './types.ts';

export interface WorkerPeak {
  peakRssBytes: number;
  maxHeldRows: number;
  /** CPU time of the whole worker process (user + system). */
  cpuMs: number;
}

export interface PoolResult {
  reports: PartitionReport[];
  workers: WorkerPeak[];
}

const ENTRY = new URL('./worker-main.mjs', import.meta.url);

/**
 * Runs every task on `size` worker processes, one task per worker at a time (largest first, so the last
 * to finish is a small one). Fails on the first task a worker could not do, after stopping the others.
 */
export async function runPool(
  tasks: WorkerTask[],
  size: number,
  onDone?: (done: number, total: number) => void,
): Promise<PoolResult> {
  const queue = [...tasks].sort((a, b) => b.searched.length - a.searched.length);
  const reports: PartitionReport[] = [];
  const children = Array.from({ length: Math.max(1, Math.min(size, tasks.length)) }, () =>
    fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  try {
    const workers = await Promise.all(
      children.map((child) => drive(child, queue, reports, tasks.length, onDone)),
    );
    return { reports, workers };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

function drive(
  child: ChildProcess,
  queue: WorkerTask[],
  reports: PartitionReport[],
  total: number,
  onDone?: (done: number, total: number) => void,
): Promise<WorkerPeak> {
  return new Promise((resolve, reject) => {
    const next = () => {
      const task = queue.shift();
      child.send(task ?? { type: 'stop' });
    };
    child.on('message', (message: FromWorker) => {
      if (message.type === 'done') {
        reports.push(message.report);
        onDone?.(reports.length, total);
        next();
      } else if (message.type === 'error') {
        queue.length = 0;
        reject(
          new VisibleError(`Partition ${message.partition} failed: ${message.message}`, 'partition_failed'),
        );
      } else {
        resolve({
          peakRssBytes: message.peakRssBytes,
          maxHeldRows: message.maxHeldRows,
          cpuMs: message.cpuMs,
        });
      }
    });
    child.on('exit', (code) =>
      reject(
        new VisibleError(`A partition worker exited (code ${code}) before it finished.`, 'partition_failed'),
      ),
    );
    child.on('error', reject);
    next();
  });
}
