/**
 * How long `viscura` takes to answer before it does any work, side by side in one run: bare node, the CLI's
 * `--help` and an early error (native modules are loaded per command, so neither loads them), and the modules
 * themselves (what every command paid before, and what a real command still pays).
 *   npm run bench -- cli-startup [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const empty = mkdtempSync(join(tmpdir(), 'viscura-cli-bench-'));
const cli = (...args: string[]) => ['bin/viscura.mjs', ...args, '--data', empty];

const cases: [string, string[]][] = [
  ['node (nothing loaded)', ['-e', '']],
  ['viscura --help', ['bin/viscura.mjs', '--help']],
  ['viscura ingest <missing folder> (early error)', cli('ingest', join(empty, 'nope'))],
  ['viscura keys list', cli('keys', 'list')],
  ['viscura stats (opens the store: native modules)', cli('stats')],
  [
    'the native modules alone',
    ['-e', "for (const m of ['sharp', '@lancedb/lancedb', 'onnxruntime-node', 'usearch']) require(m)"],
  ],
];

function seconds(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = cases.map(([name]) => ({ name, times: [] as number[] }));
// Interleaved, so a busy machine slows every case alike.
for (let run = 0; run < runs; run++) {
  cases.forEach(([, args], i) => {
    results[i].times.push(seconds(args));
  });
}
const base = median(results[1].times);
console.log(`median of ${runs} runs, interleaved; ratio to \`viscura --help\``);
console.log('| case | median s | ratio |');
console.log('|---|---|---|');
for (const { name, times } of results) {
  console.log(`| ${name} | ${median(times).toFixed(2)} | ${(median(times) / base).toFixed(2)}x |`);
}
