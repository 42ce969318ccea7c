import { type FanoutSettings, type FanoutSettingsInput, fanoutSettingsSchema } from '../../config/fanout.ts';
import { VisibleError } from '../../errors/index.ts';

export { type FanoutSettings, type FanoutSettingsInput, fanoutSettingsSchema } from '../../config/fanout.ts';

/** Fan-out settings from values given in code (benchmarks, tests); a deployment reads them with the config. */
export function fanoutSettings(input: FanoutSettingsInput = {}): FanoutSettings {
  const parsed = fanoutSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new VisibleError(`Invalid fan-out settings:\n${lines.join('\n')}`, 'invalid_config');
}
