export { type IncrementalResult, scoreNewImages } from './incremental.ts';
export { type CurateResult, curateDataset } from './nightly.ts';
export {
  buildReport,
  type CurationReport,
  escapeHtml,
  type ReportOptions,
  readLatestReport,
  renderReportHtml,
  reportKeys,
  type WrittenReport,
  writeReport,
} from './report/index.ts';
export {
  ISSUES,
  type Issue,
  type IssueList,
  type IssueQuery,
  type IssueRow,
  type IssueThresholds,
  issueThresholds,
  labelCheckOf,
  listIssue,
  type ResultsView,
  type RunLabelHealth,
  resultsView,
  runLabelHealth,
} from './results/index.ts';
export { type CurationDeps, type CurationOptions, newRunId, runCuration, type ViewChange } from './run.ts';
export { type Schedule, startSchedule } from './schedule.ts';
