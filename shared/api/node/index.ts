export type { IssueDefaults, NodeQueryDeps } from './deps.ts';
export { createNodeQueryPort, type NodeQueryPort } from './port.ts';
export {
  keyStoreFor,
  nodeQueryDeps,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from './server.ts';
