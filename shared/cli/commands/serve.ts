import type { Command } from 'commander';
import { VisibleError } from '../../errors/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';
import { untilSignal } from './watch.ts';

interface ServeFlags extends CommonFlags {
  port?: string;
}

export function registerServe(program: Command): void {
  addCommonFlags(
    program
      .command('serve')
      .description('Serve the query API on 127.0.0.1 (creates and prints an API key when none exists)')
      .option('--port <n>', 'port to listen on (0: any free port); env VISCURA_PORT'),
  ).action(async (flags: ServeFlags) => {
    const port = flags.port === undefined ? undefined : Number(flags.port);
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      throw new VisibleError(
        `--port must be a whole number from 0 to 65535, got "${flags.port}"`,
        'invalid_input',
      );
    }
    const ctx = commandContext(flags, port === undefined ? {} : { api: { port } });
    const [{ openRuntime }, { startServer }] = await Promise.all([
      import('../../runtime/index.ts'),
      import('../../adapters/node/index.ts'),
    ]);
    const runtime = await openRuntime(ctx.config, ctx.log);
    const server = await startServer(runtime);
    ctx.answer({ url: server.url, key: server.createdKey ?? null }, () =>
      [
        `viscura API on ${server.url}/v1 (OpenAPI: ${server.url}/v1/openapi.json)`,
        `explorer: ${server.url}/${server.createdKey ? `#key=${server.createdKey}` : ''}`,
        server.createdKey
          ? `API key (shown once): ${server.createdKey}`
          : 'using the existing API keys (`viscura keys list`; `viscura keys create` for a new one)',
      ].join('\n'),
    );
    await untilSignal();
    await server.close();
    await runtime.close();
  });
}
