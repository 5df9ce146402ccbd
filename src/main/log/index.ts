export { createLogService, type LogService, type LogServiceOptions, type ShiftReportOptions } from './log-service';
export { scanPageQuery, auditPageFilter, utcInstant, type AuditFilter, type ScanFilter } from './log-pages';
export { createShiftReportWriter, type PreparedShiftReport, type ShiftReportWriter } from './shift-report';
export { reportText, type ReportText } from './report-text';
export { csvCell, csvLine } from './csv';
