#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so `npx viscura` works straight after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../shared/cli/main.ts');
