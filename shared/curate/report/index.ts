export { buildReport, countChange, type ReportDeps, type ReportOptions } from './build.ts';
export { escapeHtml, renderReportHtml, type Thumbnails } from './html.ts';
export * from './types.ts';
export { type ReportKeys, readLatestReport, reportKeys, type WrittenReport, writeReport } from './write.ts';
