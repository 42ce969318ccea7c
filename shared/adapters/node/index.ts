export { EXPLORER_ROOT, explorerFiles } from './explorer.ts';
export { closeAfterRefusedBody } from './refused-body.ts';
export { type RunningServer, type StartServerOptions, startServer } from './serve.ts';
