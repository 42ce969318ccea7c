export { issueThresholds } from '../../vocabulary/index.ts';
export {
  ISSUES,
  type Issue,
  type IssueDeps,
  type IssueList,
  type IssueQuery,
  type IssueRow,
  type IssueThresholds,
  listIssue,
} from './issues.ts';
export { labelCheckOf, type RunLabelHealth, runLabelHealth } from './label-health.ts';
export { type ResultsView, requireResults, resultsView } from './view.ts';
