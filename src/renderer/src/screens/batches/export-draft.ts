import type { ExportRequest } from '@shared/batches-contract';
import type { MessageKey } from '@renderer/i18n';

export type ExportColumn = ExportRequest['columns'][number];
/** In file order; `extra` is offered only when the application's package had extra columns (ExportOptions). */
export const EXPORT_COLUMNS: readonly ExportColumn[] = ['index', 'code', 'code_url', 'extra'];
/** What a new export form ticks: never `extra`, which is asked for on purpose. */
const DEFAULT_COLUMNS: readonly ExportColumn[] = ['index', 'code', 'code_url'];
export const COLUMN_LABEL: Record<ExportColumn, MessageKey> = {
  index: 'batches.exportPanel.column.index',
  code: 'batches.exportPanel.column.code',
  code_url: 'batches.exportPanel.column.code_url',
  extra: 'batches.exportPanel.column.extra',
};

/** The export form as typed: the indexes stay text until they are checked. */
export interface ExportDraft {
  start: string;
  end: string;
  format: ExportRequest['format'];
  columns: ExportColumn[];
  header: boolean;
  line_ending: ExportRequest['line_ending'];
}

/** The first 10,000 codes (or all of a smaller application), index, code and code_url, with a header, Windows line endings. */
export function defaultDraft(codeCount: number): ExportDraft {
  return {
    start: '0',
    end: String(Math.max(0, Math.min(10_000, codeCount) - 1)),
    format: 'csv',
    columns: [...DEFAULT_COLUMNS],
    header: true,
    line_ending: 'crlf',
  };
}

/** The request for a checked draft; the columns always in file order, whatever order they were ticked in. */
export function exportRequest(draft: ExportDraft, applicationId: number): ExportRequest {
  return {
    application_id: applicationId,
    code_start: Number(draft.start),
    code_end: Number(draft.end),
    format: draft.format,
    columns: EXPORT_COLUMNS.filter((column) => draft.columns.includes(column)),
    header: draft.header,
    line_ending: draft.line_ending,
  };
}

/**
 * After an export: print runs usually follow one another, so the next range of
 * the same size (cut at the application's last index); unchanged at the end.
 */
export function nextDraft(sent: ExportDraft, codeCount: number): ExportDraft {
  const from = Number(sent.start);
  const to = Number(sent.end);
  const last = codeCount - 1;
  if (to >= last) return sent;
  return { ...sent, start: String(to + 1), end: String(Math.min(last, to + (to - from + 1))) };
}
