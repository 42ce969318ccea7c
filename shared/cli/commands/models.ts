import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../../config/index.ts';
// The built-in model's id lives beside its (pure TypeScript) embedder; onnxruntime loads only to tokenize.
import { DESCRIPTOR_MODEL_ID } from '../../embed/descriptor/index.ts';
import { VisibleError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import {
  listModels,
  type ModelEntry,
  type PullOptions,
  pullModel,
  removeModel,
  requireInstalled,
  verifyModel,
} from '../../models/index.ts';
import { type CommandContext, type CommonFlags, commandContext } from '../context.ts';

interface ModelsFlags extends CommonFlags {
  modelsDir?: string;
}

interface PullFlags extends ModelsFlags {
  allowUnverified?: boolean;
  timeout?: string;
}

function withFlags(command: Command): Command {
  return command
    .option('--models-dir <dir>', 'where models are stored; env VISCURA_MODELS_DIR')
    .option('--json', 'print a machine-readable answer on stdout');
}

function context(flags: ModelsFlags): CommandContext {
  return commandContext(flags, flags.modelsDir === undefined ? {} : { modelsDir: flags.modelsDir });
}

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('List, download, verify and remove embedding models; show how a prompt tokenizes');

  withFlags(
    models.command('list').description('Show the known models, which are installed and which embed text'),
  ).action(async (flags: ModelsFlags) => {
    const ctx = context(flags);
    const listing = await listModels(ctx.config.modelsDir);
    const rows = listing.models.map(describeEntry);
    ctx.answer(
      {
        modelsDir: ctx.config.modelsDir,
        configured: ctx.config.model,
        models: [descriptorRow, ...rows],
        problems: listing.problems,
      },
      () => listText(ctx.config, [descriptorRow, ...rows], listing.problems),
    );
  });

  withFlags(
    models
      .command('pull')
      .description(
        'Download a model, resuming a broken download, and install it once its size and sha256 check out',
      )
      .argument('<id>', 'model id (see `viscura models list`)')
      .option(
        '--allow-unverified',
        'accept files whose manifest publishes no sha256 (their hashes are recorded)',
      )
      .option('--timeout <seconds>', 'seconds to wait for a server to answer', '10'),
  ).action(async (id: string, flags: PullFlags) => {
    const ctx = context(flags);
    if (isDescriptor(id))
      throw new VisibleError(`'${id}' is built in: there is nothing to pull.`, 'nothing_to_pull');
    const entry = await knownModel(ctx.config.modelsDir, id);
    const bar = downloadBar(ctx.log, ctx.json);
    try {
      const result = await pullModel(entry.manifest, ctx.config.modelsDir, {
        log: ctx.log,
        allowUnverified: flags.allowUnverified === true,
        connectTimeoutMs: seconds(flags.timeout ?? '10') * 1000,
        onProgress: bar.update,
      });
      bar.stop();
      ctx.answer(result, () =>
        [
          `installed ${result.id} in ${result.dir}`,
          ...result.files.map(
            (f) =>
              `  ${f.path}: ${f.action}, ${megabytes(f.bytes)}, ${f.verified ? 'sha256 verified' : `UNVERIFIED (sha256 ${f.sha256} recorded)`}`,
          ),
        ].join('\n'),
      );
    } finally {
      bar.stop();
    }
  });

  withFlags(
    models
      .command('verify')
      .description('Re-hash the files of an installed model against its manifest')
      .argument('<id>', 'model id'),
  ).action(async (id: string, flags: ModelsFlags) => {
    const ctx = context(flags);
    const entry = await knownModel(ctx.config.modelsDir, id);
    const report = await verifyModel(entry.manifest, entry.dir);
    if (!report.ok) process.exitCode = 1;
    ctx.answer(report, () =>
      [
        `${report.id}: ${report.ok ? 'ok' : 'FAILED'} (${report.dir})`,
        ...report.files.map(
          (f) =>
            `  ${f.path}: ${f.check}${f.expectedSha256 ? ` (sha256 ${f.sha256}, expected ${f.expectedSha256})` : ''}`,
        ),
      ].join('\n'),
    );
  });

  withFlags(
    models
      .command('remove')
      .description('Delete an installed (or half-downloaded) model')
      .argument('<id>', 'model id'),
  ).action(async (id: string, flags: ModelsFlags) => {
    const ctx = context(flags);
    const result = await removeModel(ctx.config.modelsDir, id);
    ctx.answer(result, () => `removed ${result.id} (${megabytes(result.bytesFreed)} freed)`);
  });

  withFlags(
    models
      .command('tokenize')
      .description("Show the token ids of a prompt as the model's tokenizer sees it")
      .argument('<text...>', 'the prompt (quote it to keep its spacing)')
      .option(
        '--model <id>',
        'a model with a text tower; defaults to the configured one, else the first installed',
      ),
  ).action(async (words: string[], flags: ModelsFlags) => {
    const ctx = context(flags);
    const text = words.join(' ');
    const entry = await textModel(ctx.config, flags.model);
    const { tokenizerFor } = await import('../../embed/index.ts');
    const tokenizer = await tokenizerFor(entry.manifest, entry.dir);
    if (!tokenizer)
      throw new VisibleError(`Model '${entry.manifest.id}' has no text tower.`, 'no_text_tower');
    const full = tokenizer.encode(text).length + 2;
    const ids = tokenizer.tokenize(text);
    const tokens = ids.map((tokenId) => tokenizer.decodeToken(tokenId));
    ctx.answer(
      {
        model: entry.manifest.id,
        text,
        ids,
        tokens,
        count: ids.length,
        contextLength: tokenizer.contextLength,
        truncated: full > ids.length,
      },
      () =>
        [
          `${entry.manifest.id}: ${ids.length} of ${tokenizer.contextLength} tokens${full > ids.length ? ` (truncated from ${full})` : ''}`,
          JSON.stringify(ids),
          tokens.map((token, i) => `  ${String(ids[i]).padStart(5)}  ${token}`).join('\n'),
        ].join('\n'),
    );
  });
}

const descriptorRow = {
  id: DESCRIPTOR_MODEL_ID,
  name: 'built-in descriptor (weight-free, image only)',
  state: 'built-in',
  origin: 'built-in',
  hasTextTower: false,
  precision: null,
  dimension: null,
  bytes: 0,
  pinned: true,
  dir: null,
};

type Row = ReturnType<typeof describeEntry> | typeof descriptorRow;

function describeEntry(entry: ModelEntry) {
  const { manifest } = entry;
  const sizes = manifest.files.map((f) => f.bytes);
  return {
    id: manifest.id,
    name: manifest.name,
    state: entry.state,
    origin: entry.origin,
    hasTextTower: manifest.text !== undefined,
    precision: manifest.precision,
    dimension: manifest.dimension,
    bytes: sizes.every((b) => b !== null) ? sizes.reduce((sum: number, b) => sum + (b ?? 0), 0) : null,
    /** Every file has a published sha256. */
    pinned: manifest.files.every((f) => f.sha256 !== null),
    dir: entry.dir,
  };
}

function listText(config: Config, rows: Row[], problems: Array<{ path: string; reason: string }>): string {
  const table = rows.map((row) => [
    `${row.id === config.model || (isDescriptor(row.id) && isDescriptor(config.model)) ? '*' : ' '} ${row.id}`,
    row.state,
    row.hasTextTower ? 'yes' : 'no',
    row.precision ?? '-',
    row.bytes === null ? 'unknown' : row.bytes === 0 ? '-' : megabytes(row.bytes),
    `${row.name}${row.pinned ? '' : ' [unverified hashes]'}`,
  ]);
  const header = ['  id', 'state', 'text', 'precision', 'download', 'name'];
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    ...table.map(line),
    '',
    `models folder: ${config.modelsDir}   (* = configured model; install with \`viscura models pull <id>\`)`,
    ...problems.map((p) => `unreadable manifest ${p.path}: ${p.reason}`),
  ].join('\n');
}

async function knownModel(modelsDir: string, id: string): Promise<ModelEntry> {
  const { models } = await listModels(modelsDir);
  const entry = models.find((m) => m.manifest.id === id);
  if (!entry) {
    throw new VisibleError(
      `Unknown model '${id}' (known: ${models.map((m) => m.manifest.id).join(', ') || 'none'}). See \`viscura models list\`.`,
      'unknown_model',
    );
  }
  return entry;
}

/** The model to tokenize with: the one asked for, the configured one if it reads text, else the first installed. */
async function textModel(config: Config, asked: string | undefined): Promise<ModelEntry> {
  if (asked !== undefined) return requireInstalled(config.modelsDir, asked);
  const { models } = await listModels(config.modelsDir);
  const readers = models.filter((m) => m.state === 'installed' && m.manifest.text !== undefined);
  const chosen = readers.find((m) => m.manifest.id === config.model) ?? readers[0];
  if (!chosen) {
    throw new VisibleError(
      'No installed model has a text tower: run `viscura models pull openai-clip-vit-b32`, or `npm run models:build-test` for the offline test model.',
      'no_text_tower',
    );
  }
  return chosen;
}

function downloadBar(
  log: Logger,
  json: boolean,
): { update: NonNullable<PullOptions['onProgress']>; stop: () => void } {
  if (!process.stderr.isTTY || json) {
    let logged = '';
    return {
      update({ path, received, total }) {
        const step = total ? `${path}:${Math.floor((received / total) * 10)}` : path;
        if (step === logged) return;
        logged = step;
        log.info('download', { file: path, received, total });
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    format: '{file} [{bar}] {percentage}% | {got} of {size}',
    hideCursor: true,
    stream: process.stderr,
  });
  let current = '';
  return {
    update({ path, received, total }) {
      if (path !== current) {
        if (current) bar.stop();
        current = path;
        bar.start(total ?? 0, received, {
          file: path,
          got: megabytes(received),
          size: total ? megabytes(total) : '?',
        });
      }
      bar.update(received, { got: megabytes(received) });
    },
    stop() {
      if (current) bar.stop();
      current = '';
    },
  };
}

function isDescriptor(id: string): boolean {
  return id === 'descriptor' || id === DESCRIPTOR_MODEL_ID;
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new VisibleError(`--timeout must be a positive number of seconds, got "${value}"`, 'invalid_input');
  return parsed;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
