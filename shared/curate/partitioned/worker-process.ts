import type { Table } from '@lancedb/lancedb';
import { errorMessage } from '../../errors/index.ts';
import type { FromWorker, ToWorker, WorkerTask } from './messages.ts';
import { runPartition, runUpdate } from './worker.ts';

// One task at a time: the parent sends the next when this one is done, so held rows never pile up.
let maxHeldRows = 0;
const tables = new Map<string, Table>();

function send(message: FromWorker): void {
  process.send?.(message);
}

process.on('message', async (message: ToWorker) => {
  if (message.type === 'stop') {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    send({ type: 'stopped', peakRssBytes: usage.maxRSS * 1024, maxHeldRows, cpuMs });
    process.disconnect?.();
    return;
  }
  await handle(message);
});

async function handle(task: WorkerTask): Promise<void> {
  try {
    const report = task.type === 'update' ? await runUpdate(task, 1) : await runPartition(task, tables, 1);
    maxHeldRows = Math.max(maxHeldRows, report.held);
    send({ type: 'done', report });
  } catch (error) {
    send({ type: 'error', partition: task.partition, message: errorMessage(error) });
  }
}
