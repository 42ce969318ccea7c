import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface BenchServer {
  url: string;
  key: string;
  pid: number;
  stop(): Promise<unknown>;
}

/**
 * bench/api/server.ts of the checkout at `cwd` (this one or another, for side-by-side runs of two commits) over
 * the store at `dir`, in its own process; `profile` writes a V8 CPU profile under <cwd>/bench/.tmp/cpu-prof.
 */
export async function startServer(
  cwd: string,
  dir: string,
  options: { rowCache?: boolean; profile?: boolean } = {},
): Promise<BenchServer> {
  const args = [
    ...(options.profile ? ['--cpu-prof', '--cpu-prof-dir=bench/.tmp/cpu-prof'] : []),
    'bin/run-ts.mjs',
    'bench/api/server.ts',
    dir,
    ...(options.rowCache === false ? ['no-row-cache'] : []),
  ];
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server in ${cwd} exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // A bench that fails midway must not leave its servers running.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  return {
    ...(JSON.parse(line) as { url: string; key: string }),
    pid: child.pid as number,
    stop: () => {
      process.off('exit', orphaned);
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** CPU milliseconds of one thread from its /proc stat line (utime + stime; USER_HZ = 100 on Linux). */
function statCpu(stat: string): { name: string; ms: number } {
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[-_ ]?\d+$/, '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { name, ms: (Number(fields[11]) + Number(fields[12])) * 10 };
}

/** CPU milliseconds per thread name of a process (numbered threads of one pool summed), from /proc (Linux). */
export function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const { name, ms } = statCpu(stat);
    out.set(name, (out.get(name) ?? 0) + ms);
  }
  return out;
}

/** A process's CPU milliseconds: all its threads, and its main (JavaScript) thread alone (the task id = pid). */
export function processCpu(pid: number): { all: number; main: number } {
  const all = [...threadCpu(pid).values()].reduce((a, b) => a + b, 0);
  return { all, main: statCpu(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')).ms };
}
