import type { Command } from 'commander';
import { registerCurate } from './curate.ts';
import { registerExport } from './export.ts';
import { registerIngest } from './ingest.ts';
import { registerKeys } from './keys.ts';
import { registerLabels } from './labels.ts';
import { registerList } from './list.ts';
import { registerModels } from './models.ts';
import { registerReembed } from './reembed.ts';
import { registerReport } from './report.ts';
import { registerSearch } from './search.ts';
import { registerServe } from './serve.ts';
import { registerSimilar } from './similar.ts';
import { registerSnapshot } from './snapshot.ts';
import { registerStart } from './start.ts';
import { registerStats } from './stats.ts';
import { registerView } from './view.ts';
import { registerWatch } from './watch.ts';

/** Each command lives in its own file and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerStart,
  registerIngest,
  registerWatch,
  registerStats,
  registerSimilar,
  registerSearch,
  registerModels,
  registerReembed,
  registerCurate,
  registerReport,
  registerList,
  registerLabels,
  registerServe,
  registerKeys,
  registerExport,
  registerSnapshot,
  registerView,
];
