#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, model builders): node bin/run-ts.mjs <file.ts> [args...]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bin/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], entry, ...rest];
register();
await import(pathToFileURL(resolve(entry)).href);
