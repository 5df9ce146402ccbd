export {
  createLogService,
  utcInstant,
  type AuditFilter,
  type LogService,
  type LogServiceOptions,
  type ScanFilter,
  type ShiftReportOptions,
} from './log-service';
export { createShiftReportWriter, type PreparedShiftReport, type ShiftReportWriter } from './shift-report';
export { reportText, type ReportText } from './report-text';
export { csvCell, csvLine } from './csv';
