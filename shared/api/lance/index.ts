export type { IssueDefaults, NodeQueryDeps } from './deps.ts';
export { createNodeQueryPort, type NodeQueryPort } from './port.ts';
