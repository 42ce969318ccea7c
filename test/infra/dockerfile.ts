import { readFileSync } from 'node:fs';

export interface Instruction {
  op: string;
  args: string;
  /** COPY/ADD flags such as --from=build. */
  flags: Record<string, string>;
}

export interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

/** The stages of a Dockerfile with their instructions (continuations joined, comments and parser directives dropped). */
export function readDockerfile(path: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = readFileSync(path, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, rest] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    const instruction = parseFlags(op.toUpperCase(), rest);
    if (instruction.op === 'FROM') {
      const [, base, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args) ?? [];
      stages.push({ base: expand(base, args), name, instructions: [] });
    } else if (stages.length === 0 && instruction.op === 'ARG') {
      const [name, value = ''] = instruction.args.split('=');
      args[name] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

function parseFlags(op: string, rest: string): Instruction {
  const flags: Record<string, string> = {};
  let args = rest;
  for (;;) {
    const flag = /^--([a-z-]+)=(\S+)\s+/.exec(args);
    if (!flag) break;
    flags[flag[1]] = flag[2];
    args = args.slice(flag[0].length);
  }
  return { op, args, flags };
}

function expand(value: string, args: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '');
}

/** COPY's sources and destination (the last word). */
export function copyPaths(instruction: Instruction): { sources: string[]; target: string } {
  const words = instruction.args.split(/\s+/);
  return { sources: words.slice(0, -1), target: words.at(-1) as string };
}

/** CMD in exec form. */
export function command(stage: Stage): string[] {
  const cmd = stage.instructions.filter((i) => i.op === 'CMD').at(-1);
  return cmd ? (JSON.parse(cmd.args) as string[]) : [];
}

/** ENV KEY=value pairs of a stage. */
export function environment(stage: Stage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.op === 'ENV')) {
    for (const [, key, value] of i.args.matchAll(/(\w+)=(\S+)/g)) out[key] = value;
  }
  return out;
}
