// npm run typecheck:infra: generates SST's platform types offline, then type-checks sst.config.ts and stacks/.
//   SST_SKIP_DEPENDENCY_CHECK=1 skips the Pulumi download every sst command starts with (it needs the internet);
//   `sst install` then fetches the providers from the npm registry with bun (the npm package) into .sst/platform.
// SST's own TypeScript sources in .sst/platform do not compile cleanly under strict settings (its component
// sources disagree with the provider versions it installs); skipLibCheck cannot skip .ts files, so this
// reports only the diagnostics of our files and counts the others.
import { execFileSync } from 'node:child_process';
import { resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve('.');
execFileSync(resolve('node_modules/.bin/sst'), ['install'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    SST_SKIP_DEPENDENCY_CHECK: '1',
    SST_TELEMETRY_DISABLED: '1',
    SST_BUN_PATH: resolve('node_modules/.bin/bun'),
    SST_STAGE: process.env.SST_STAGE ?? 'typecheck',
  },
});

const config = ts.getParsedCommandLineOfConfigFile(
  resolve('tsconfig.infra.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
if (!config) throw new Error('tsconfig.infra.json could not be read');
const program = ts.createProgram(config.fileNames, config.options);
const platform = resolve('.sst') + sep;
const all = ts.getPreEmitDiagnostics(program);
const ours = all.filter((d) => !d.file || !resolve(d.file.fileName).startsWith(platform));
const host: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};
if (ours.length > 0) process.stderr.write(ts.formatDiagnosticsWithColorAndContext(ours, host));
const checked = program.getRootFileNames().length;
console.log(
  `typecheck:infra: ${checked} files (sst.config.ts, stacks/), ${ours.length} errors; ` +
    `${all.length - ours.length} inside SST's own sources in .sst/platform not counted`,
);
process.exitCode = ours.length > 0 ? 1 : 0;
