/**
 * Just enough of SST's and Pulumi's globals ($app, sst, aws, $interpolate, ...) to evaluate stacks/ offline and
 * record every resource it declares with the arguments it passes, so tests check what a deploy would create.
 * An output (a resource's `arn`, `name`, ...) reads as the text "<Resource>.<property>".
 */
export interface Declared {
  /** Where the component lives: 'aws.lambda.Function', 'sst.aws.Bucket'. */
  type: string;
  name: string;
  args: Record<string, unknown>;
  /** Methods called on the resource after it was made (bucket.notify). */
  calls: { method: string; args: unknown[] }[];
}

/** An output: prints as its name, and can be called like a method of its resource (recorded there). */
function output(label: string, onCall?: (args: unknown[]) => void): unknown {
  const fn = (...args: unknown[]) => {
    onCall?.(args);
    return output(`${label}()`);
  };
  return new Proxy(fn, {
    get(_, key) {
      if (key === Symbol.toPrimitive || key === 'toString') return () => label;
      if (typeof key === 'symbol') return undefined;
      return output(`${label}.${key}`);
    },
  });
}

function namespace(path: string, declared: Declared[]): unknown {
  return new Proxy(function component() {}, {
    get: (_, key) => (typeof key === 'symbol' ? undefined : namespace(`${path}.${key}`, declared)),
    apply: (_, __, args) => output(`${path}(${args.length ? '...' : ''})`),
    construct(_, [name, args]) {
      const resource: Declared = { type: path, name, args: args ?? {}, calls: [] };
      declared.push(resource);
      return new Proxy(
        {},
        {
          get: (__, key) =>
            typeof key === 'symbol'
              ? undefined
              : output(`${name}.${key}`, (callArgs) => resource.calls.push({ method: key, args: callArgs })),
        },
      );
    },
  });
}

function interpolate(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ''), '');
}

/** Installs the globals and evaluates stacks/index.ts fresh; answers what it declared. */
export async function synthesise(stage = 'test'): Promise<Declared[]> {
  const declared: Declared[] = [];
  Object.assign(globalThis, {
    $app: { name: 'viscura', stage, removal: 'remove' },
    $cli: { paths: { root: process.cwd() } },
    $interpolate: interpolate,
    $util: namespace('$util', declared),
    sst: namespace('sst', declared),
    aws: namespace('aws', declared),
    dockerbuild: namespace('dockerbuild', declared),
  });
  // Settings are read from the environment when stacks/ is evaluated: evaluate it afresh each time.
  const { vi } = await import('vitest');
  vi.resetModules();
  // Not a literal specifier: stacks/ is type-checked with SST's own types (npm run typecheck:infra), not here.
  await import(new URL('../../stacks/index.ts', import.meta.url).href);
  return declared;
}
