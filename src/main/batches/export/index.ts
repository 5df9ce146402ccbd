export {
  createPrintRunExporter,
  firstUncovered,
  mergeIntervals,
  MANIFEST_SUFFIX,
  PARTIAL_SUFFIX,
  PRINT_RUN_EXPORTED,
  type PrintRunExporter,
  type PrintRunExporterOptions,
} from './print-run-exporter';
export { csvField, headerLine, rowFormatter, type LayoutOptions } from './format';
export {
  COLUMN_HEADERS,
  EXPORT_COLUMNS,
  EXPORT_FORMATS,
  LINE_ENDINGS,
  type CodeInterval,
  type ExportColumn,
  type ExportFormat,
  type ExportRequest,
  type LineEnding,
  type PrintRun,
  type PrintRunManifest,
} from './types';
