/** The export request as it arrives (from the CLI or the bridge), checked field by field before anything else happens. */
import { exportErrors } from '../../../shared/error-catalogue/export';
import type { AppError } from '../../../shared/errors';
import {
  EXPORT_COLUMNS,
  EXPORT_FORMATS,
  LINE_ENDINGS,
  type ExportColumn,
  type ExportFormat,
  type ExportRequest,
  type LineEnding,
} from './types';

function invalid(field: string, zh: string, en: string): AppError {
  return exportErrors.EXPORT_INVALID_REQUEST({ field, expected: { en, 'zh-CN': zh } });
}

/** A copy of the request with its fields checked, or EXPORT_INVALID_REQUEST naming the first bad one. */
export function checkRequest(raw: unknown): ExportRequest {
  if (raw === null || typeof raw !== 'object') throw invalid('request', '一个对象', 'an object');
  const request = raw as Record<string, unknown>;
  const applicationId = request.application_id;
  if (!Number.isSafeInteger(applicationId) || (applicationId as number) <= 0) {
    throw invalid('application_id', '正整数', 'a positive integer');
  }
  for (const field of ['code_start', 'code_end'] as const) {
    const value = request[field];
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalid(field, '非负整数', 'a non-negative integer');
  }
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(request.format)) {
    throw invalid('format', EXPORT_FORMATS.join(' 或 '), `one of ${EXPORT_FORMATS.join(', ')}`);
  }
  const columns = checkColumns(request.columns);
  if (typeof request.header !== 'boolean') throw invalid('header', 'true 或 false', 'true or false');
  if (!(LINE_ENDINGS as readonly unknown[]).includes(request.line_ending)) {
    throw invalid('line_ending', LINE_ENDINGS.join(' 或 '), `one of ${LINE_ENDINGS.join(', ')}`);
  }
  return {
    application_id: applicationId as number,
    code_start: request.code_start as number,
    code_end: request.code_end as number,
    format: request.format as ExportFormat,
    columns,
    header: request.header,
    line_ending: request.line_ending as LineEnding,
  };
}

function checkColumns(columns: unknown): ExportColumn[] {
  const allowed = EXPORT_COLUMNS.join(', ');
  if (!Array.isArray(columns) || columns.length === 0) {
    throw invalid('columns', `非空列表（可选 ${allowed}）`, `a non-empty list of ${allowed}`);
  }
  for (const column of columns) {
    if (!(EXPORT_COLUMNS as readonly unknown[]).includes(column)) {
      throw invalid(
        'columns',
        `由 ${allowed} 组成的列表（“${String(column)}”未知）`,
        `a list of ${allowed} ("${String(column)}" is unknown)`,
      );
    }
  }
  if (new Set(columns).size !== columns.length) throw invalid('columns', '不含重复项的列表', 'a list without duplicates');
  return [...(columns as ExportColumn[])];
}

/** The actor and the output path must be non-empty strings (the CLI and the bridge pass what they were given). */
export function checkActorAndPath(actor: unknown, outputPath: unknown): void {
  if (typeof actor !== 'string' || actor.trim() === '') throw invalid('actor', '非空字符串', 'a non-empty string');
  if (typeof outputPath !== 'string' || outputPath.trim() === '') throw invalid('outputPath', '非空的文件路径', 'a non-empty file path');
}
