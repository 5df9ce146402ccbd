/**
 * One row shape per table of the batches area (migrations 003 and 008), as
 * SQLite hands it back. Everything else in this area (store results, the
 * exporter's print runs, the look-up build's cursor) is derived from these.
 */
import type { ExportFormat, LineEnding } from './export/types';

export type ApplicationState = 'applying' | 'waiting' | 'downloading' | 'imported' | 'failed';
export type SegmentState = 'pending' | 'imported' | 'failed';

/** `applications`: one application for codes, from before `applycode` until its codes are imported. */
export interface ApplicationRow {
  isv_application_id: string;
  application_id: number | null;
  code_count: number;
  label: string | null;
  state: ApplicationState;
  remote_status: string | null;
  last_error_json: string | null;
  next_attempt_at: string | null;
  attempts: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  applied_at: string | null;
  finished_at: string | null;
}

/** An application WeChat has numbered (applied, so it has an `application_id`). */
export type AppliedApplicationRow = ApplicationRow & { application_id: number };

/** `segments`: one downloadable range of an application's codes. */
export interface SegmentRow {
  application_id: number;
  code_start: number;
  code_end: number;
  state: SegmentState;
  plaintext_sha256: string | null;
  layout: string | null;
  /** The header line the import skipped (migration 011), or null. */
  header: string | null;
  error_json: string | null;
  kept_buffer_path: string | null;
  attempts: number;
  imported_at: string | null;
  /** When the segment's codes went into the scan look-ups (lookup-build.ts); null until then. */
  indexed_at: string | null;
}

/** The inclusive index range of a segment. */
export type SegmentRange = Pick<SegmentRow, 'code_start' | 'code_end'>;

/** `codes`: one code of an application. */
export interface CodeRow {
  application_id: number;
  code_index: number;
  code: string | null;
  code_url: string;
}

/** `print_runs`: one exported file of codes. */
export interface PrintRunRow {
  id: number;
  application_id: number;
  code_start: number;
  code_end: number;
  count: number;
  format: ExportFormat;
  /** The exported columns, comma-separated, in file order. */
  columns: string;
  /** 1 when the file has a header line. */
  header: 0 | 1;
  line_ending: LineEnding;
  file_path: string;
  file_sha256: string;
  actor: string;
  created_at: string;
}

/** `lookup_builds`: the cursor of one look-up's build for one application (lookup-build.ts). */
export interface LookupBuildRow {
  application_id: number;
  lookup: 'code_url' | 'code';
  merged_through: string | null;
  merged_rows: number;
  done: 0 | 1;
  started_at: string;
}

/** Codes in a set of segments (their inclusive ranges added up). */
export function codesIn(segments: readonly SegmentRange[]): number {
  let codes = 0;
  for (const segment of segments) codes += segment.code_end - segment.code_start + 1;
  return codes;
}
