import type { Command } from 'commander';
import { type ConfigInput, loadConfig, type ResolvedConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../log/index.ts';

/** Flags every command shares; each maps onto one config setting. */
export interface CommonFlags {
  data?: string;
  dataset?: string;
  model?: string;
  json?: boolean;
}

export function addCommonFlags(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory (database, bucket, inbox); env VISCURA_DATA_DIR')
    .option('--dataset <name>', 'dataset name; env VISCURA_DATASET')
    .option('--model <id>', 'embedding model id; env VISCURA_MODEL')
    .option('--json', 'print a machine-readable answer on stdout');
}

export interface CommandContext {
  config: ResolvedConfig;
  log: Logger;
  json: boolean;
  /** Writes the command's answer: JSON on stdout with --json, else the human text. */
  answer(value: unknown, human: () => string): void;
}

export function commandContext(flags: CommonFlags, extra: ConfigInput = {}): CommandContext {
  const overrides: ConfigInput = { ...extra };
  if (flags.data !== undefined) overrides.dataDir = flags.data;
  if (flags.dataset !== undefined) overrides.dataset = flags.dataset;
  if (flags.model !== undefined) overrides.model = flags.model;
  const config = loadConfig({ overrides });
  // With --json, only warnings and errors go to stderr so scripts see a quiet run.
  const log = createLogger(flags.json && config.logLevel === 'info' ? 'warn' : config.logLevel);
  const json = flags.json === true;
  return {
    config,
    log,
    json,
    answer(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}
