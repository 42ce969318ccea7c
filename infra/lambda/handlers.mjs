// The Lambda entry points of the container image, one export per function: CMD ["infra/lambda/handlers.ingest"].
// They run the TypeScript files in functions/ as they are, compiled on import by tsx (a runtime dependency), so
// the image runs the very code the tests run. Each function is imported on its first call only: a container
// started for one function never loads another's modules.
import { register } from 'tsx/esm/api';

register();

/**
 * @param {string} name a file in functions/, without its extension
 * @returns {(event: unknown, context?: unknown) => Promise<unknown>}
 */
function lazy(name) {
  /** @type {Promise<(event: unknown, context?: unknown) => Promise<unknown>> | undefined} */
  let loaded;
  return async (event, context) => {
    loaded ??= import(new URL(`../../functions/${name}.ts`, import.meta.url).href).then(
      (module) => module.handler,
      (error) => {
        loaded = undefined;
        throw error;
      },
    );
    return (await loaded)(event, context);
  };
}

export const ingest = lazy('ingest');
export const curate = lazy('curate');
export const curateShard = lazy('curate-shard');
export const query = lazy('query');
