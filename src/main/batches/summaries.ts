import type { ApplicationSummary, SegmentSummary } from '../../shared/batches-contract';
import type { AppErrorPayload } from '../../shared/errors';
import type { BatchStore } from './batch-store';
import { codesIn, type ApplicationRow, type SegmentRow } from './rows';

function parseError(json: string | null): AppErrorPayload | null {
  return json ? (JSON.parse(json) as AppErrorPayload) : null;
}

/** An application as the screens and the CLI show it, with its segment and code counts. */
export function summarizeApplication(store: BatchStore, row: ApplicationRow): ApplicationSummary {
  const segments = row.application_id === null ? [] : store.segments(row.application_id);
  const imported = segments.filter((segment) => segment.state === 'imported');
  return {
    isv_application_id: row.isv_application_id,
    application_id: row.application_id,
    code_count: row.code_count,
    label: row.label,
    state: row.state,
    remote_status: row.remote_status,
    segments_total: segments.length,
    segments_imported: imported.length,
    segments_indexed: imported.filter((segment) => segment.indexed_at !== null).length,
    segments_failed: segments.filter((segment) => segment.state === 'failed').length,
    codes_imported: codesIn(imported),
    last_error: parseError(row.last_error_json),
    next_attempt_at: row.next_attempt_at,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function summarizeSegment(row: SegmentRow): SegmentSummary {
  return {
    code_start: row.code_start,
    code_end: row.code_end,
    state: row.state,
    plaintext_sha256: row.plaintext_sha256,
    layout: row.layout,
    error: parseError(row.error_json),
    kept_buffer_path: row.kept_buffer_path,
    imported_at: row.imported_at,
    indexed_at: row.indexed_at,
  };
}
