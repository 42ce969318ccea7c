import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../shared/config/index.ts';

const stacks = Object.fromEntries(
  readdirSync('stacks').map((file) => [file, readFileSync(join('stacks', file), 'utf8')]),
);
const all = Object.values(stacks).join('\n');
const handlers = readFileSync('infra/lambda/handlers.mjs', 'utf8');

/** Every place the running code reads its environment from. */
const readers = [
  'shared/config/index.ts',
  'shared/cloud/fanout/settings.ts',
  'functions/query.ts',
  'shared/edge/config.ts',
].map((file) => readFileSync(file, 'utf8'));

describe('the SST stacks', () => {
  it('start each function at an export of the image entry module', () => {
    const entries = [...all.matchAll(/entry: '(\w+)'/g)].map(([, entry]) => entry);
    expect(new Set(entries)).toEqual(new Set(['ingest', 'curate', 'curateShard', 'query']));
    for (const entry of entries) expect(handlers).toMatch(new RegExp(`export const ${entry} = lazy\\(`));
  });

  it('set only environment variables the code reads', () => {
    const names = new Set([...all.matchAll(/\b(VISCURA_[A-Z_]+|AWS_REGION):/g)].map(([, name]) => name));
    expect(names.size).toBeGreaterThan(8);
    for (const name of names) {
      expect(
        readers.some(
          (text) => text.includes(`'${name}'`) || text.includes(`${name}:`) || text.includes(`.${name}`),
        ),
        name,
      ).toBe(true);
    }
  });

  it('notify the queue for the prefix the ingest function watches by default', () => {
    const [, prefix] = /watchPrefix: '([^']+)'/.exec(stacks['settings.ts']) ?? [];
    expect(configSchema.parse({}).cloud.watchPrefixes).toEqual([prefix]);
    expect(stacks['storage.ts']).toContain('filterPrefix: settings.watchPrefix');
  });

  it('deploy the edge Worker that wrangler runs, with the same compatibility date', () => {
    const wrangler = readFileSync('infra/edge/wrangler.jsonc', 'utf8');
    const [, main] = /"main":\s*"([^"]+)"/.exec(wrangler) ?? [];
    const [, date] = /"compatibility_date":\s*"([^"]+)"/.exec(wrangler) ?? [];
    expect(join('infra/edge', main)).toBe(/handler: '([^']+)'/.exec(stacks['edge.ts'])?.[1]);
    expect(stacks['edge.ts']).toContain(`date: '${date}'`);
  });

  it('give the curation function one instance and the shard function as many as the fan-out uses', () => {
    expect(stacks['curation.ts']).toMatch(/reservedConcurrency: 1,/);
    expect(stacks['curation.ts']).toContain('reservedConcurrency: curation.shardConcurrency');
    expect(stacks['curation.ts']).toContain('VISCURA_FANOUT_CONCURRENCY: String(curation.shardConcurrency)');
  });
});
