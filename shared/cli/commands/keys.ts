import type { Command } from 'commander';
import { datasetName } from '../../config/index.ts';
import { VisibleError } from '../../errors/index.ts';
import { keyStoreFor } from '../../keys/file.ts';
import type { ApiKeyInfo } from '../../keys/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';

interface CreateFlags {
  data?: string;
  json?: boolean;
  /** Here: the datasets the key may read, not the dataset to work on. */
  dataset?: string[];
  name?: string;
}

/** `viscura keys create|list|revoke`: API keys, shown once, stored as hashes in <dataDir>/api-keys.json. */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('API keys for the query API (stored hashed, scoped to datasets)');
  keys
    .command('create')
    .description('Create a key and print it once; without --dataset it may read every dataset')
    .option('--dataset <name...>', 'datasets the key may read (several, or repeat the flag)')
    .option('--name <text>', 'a note to recognise the key by')
    .option('--data <dir>', 'data directory (database, bucket, inbox); env VISCURA_DATA_DIR')
    .option('--json', 'print a machine-readable answer on stdout')
    .action(async (flags: CreateFlags) => {
      const ctx = commandContext({ data: flags.data, json: flags.json });
      const allowed = flags.dataset?.map((name) => checkDataset(name)) ?? null;
      const created = await keyStoreFor(ctx.config.dataDir).create({ datasets: allowed, name: flags.name });
      ctx.answer(
        { key: created.key, ...created.info },
        () =>
          `${created.key}\n` +
          `key ${created.info.id} for ${describeScope(created.info)}: store it now, it is not shown again`,
      );
    });
  addCommonFlags(
    keys.command('list').description('Keys with their ids, scopes and state (never the keys)'),
  ).action(async (flags: CommonFlags) => {
    const ctx = commandContext(flags);
    const list = await keyStoreFor(ctx.config.dataDir).list();
    ctx.answer({ keys: list }, () =>
      list.length === 0
        ? 'no API keys yet: `viscura keys create`'
        : list
            .map(
              (key) =>
                `${key.id}  ${key.revokedAt === null ? 'active ' : 'revoked'}  ${describeScope(key)}` +
                `  ${new Date(key.createdAt).toISOString()}${key.name ? `  ${key.name}` : ''}`,
            )
            .join('\n'),
    );
  });
  addCommonFlags(
    keys.command('revoke').description('Revoke a key by its id: it stops working at once').argument('<id>'),
  ).action(async (id: string, flags: CommonFlags) => {
    const ctx = commandContext(flags);
    if (!/^[0-9a-f]{16}$/.test(id))
      throw new VisibleError(`"${id}" is not a key id (see \`viscura keys list\`).`, 'invalid_input');
    if (!(await keyStoreFor(ctx.config.dataDir).revoke(id)))
      throw new VisibleError(`No API key has the id ${id}.`, 'not_found');
    ctx.answer({ revoked: id }, () => `revoked ${id}`);
  });
}

function checkDataset(name: string): string {
  const parsed = datasetName.safeParse(name);
  if (!parsed.success)
    throw new VisibleError(`--dataset "${name}": ${parsed.error.issues[0].message}.`, 'invalid_input');
  return parsed.data;
}

function describeScope(key: Pick<ApiKeyInfo, 'datasets'>): string {
  return key.datasets === null
    ? 'every dataset'
    : `dataset${key.datasets.length === 1 ? '' : 's'} ${key.datasets.join(', ')}`;
}

/** The key file of a data directory (what `viscura serve` reads), without loading the server. */
