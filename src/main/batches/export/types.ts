import type { AuditAnchor } from '../../audit';
import type { PrintRunRow } from '../rows';

/**
 * What a print file can hold, in the order the request lists them. `extra` is the text of the
 * package's extra columns kept per code (code_extras): one field per extra column the application has.
 */
export const EXPORT_COLUMNS = ['index', 'code', 'code_url', 'extra'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

export const EXPORT_FORMATS = ['csv', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const LINE_ENDINGS = ['crlf', 'lf'] as const;
export type LineEnding = (typeof LINE_ENDINGS)[number];

/** The header line's name for each column (`extra` is numbered per field: `extra_1`, `extra_2`, … see format.ts). */
export const COLUMN_HEADERS: Record<ExportColumn, string> = { index: 'code_index', code: 'code', code_url: 'code_url', extra: 'extra' };

/** One export: an inclusive range of one application's codes and how to lay the file out. */
export interface ExportRequest {
  /** WeChat's `application_id` (not the isv one). */
  application_id: number;
  /** Inclusive. */
  code_start: number;
  /** Inclusive. */
  code_end: number;
  format: ExportFormat;
  /** Non-empty, no duplicates; written in this order. */
  columns: ExportColumn[];
  header: boolean;
  line_ending: LineEnding;
}

/**
 * A row of `print_runs`, as the service and the CLI hand it out: `file_path` is the
 * absolute path as written, `file_sha256` the lowercase hex SHA-256 of its bytes,
 * `created_at` ISO-8601 UTC (the same instant as the manifest's `exported_at`).
 */
export type PrintRun = Omit<PrintRunRow, 'columns' | 'header'> & { columns: ExportColumn[]; header: boolean };

/** The sidecar `<file>.manifest.json`. */
export interface PrintRunManifest {
  product: 'Marketcode Station';
  application_id: number;
  isv_application_id: string;
  code_start: number;
  code_end: number;
  count: number;
  format: ExportFormat;
  columns: ExportColumn[];
  header: boolean;
  line_ending: LineEnding;
  /** The file's base name (it sits next to the manifest). */
  file: string;
  file_sha256: string;
  exported_at: string;
  print_run_id: number;
  /**
   * The audit chain's head once this export is recorded (its own `print_run.exported` entry):
   * `marketcode audit verify --against <manifest>` checks the ledger still holds it (docs/audit-log.md).
   */
  audit_head: AuditAnchor;
  /** Only when `columns` has `extra`: how many fields it was written as (`extra_1…extra_n`). */
  extra_columns?: number;
  /** Only on a Training export (training-marker.ts); a Live manifest is unchanged. */
  mode?: 'training';
}

/** An inclusive `[start, end]` interval of code indexes. */
export type CodeInterval = [start: number, end: number];
