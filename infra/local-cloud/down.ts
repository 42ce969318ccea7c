// npm run cloud:down — stops what cloud:up started, by pid.
import { stopLocalCloud } from './cloud.ts';
import { cloudSettings } from './settings.ts';

await stopLocalCloud(cloudSettings());
