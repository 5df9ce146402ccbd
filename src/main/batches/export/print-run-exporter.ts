import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, type WriteStream } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { isAppError } from '../../../shared/errors';
import type { AuditLog } from '../../audit';
import type { SqliteDatabase } from '../../ledger';
import { createBatchStore, type ApplicationRow, type SegmentRow } from '../batch-store';
import {
  applicationNotFoundError,
  codeColumnUnavailableError,
  codesMissingError,
  exportBusyError,
  folderNotFoundError,
  invalidRequestError,
  outputExistsError,
  recordFailedError,
  rangeNotImportedError,
  rangeOutOfBoundsError,
  rangeReversedError,
  writeFailedError,
} from './errors';
import { headerLine, rowFormatter } from './format';
import {
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

export const PARTIAL_SUFFIX = '.partial';
export const MANIFEST_SUFFIX = '.manifest.json';
export const PRINT_RUN_EXPORTED = 'print_run.exported';

/** Rows read per query: big enough to be quick, small enough that memory stays flat. */
const DEFAULT_CHUNK_ROWS = 8192;

export interface PrintRunExporterOptions {
  /** An open, migrated ledger. */
  db: SqliteDatabase;
  /** The audit log on the same ledger (its `append` joins our transaction). */
  audit: AuditLog;
  /** The clock for `created_at` / `exported_at`; tests pass a fixed one. */
  now?: () => Date;
  /** Rows per read (tests may lower it to cross chunk boundaries on small ranges). */
  chunkRows?: number;
}

export interface PrintRunExporter {
  /**
   * Writes the inclusive range `code_start…code_end` of one application to
   * `outputPath` (plus `<outputPath>.manifest.json`), records the print run
   * and its audit entry, and returns the run. Refuses, writing nothing, when
   * the request is invalid, the application is unknown, the range is not
   * wholly imported, `code` is asked for but missing, the folder does not
   * exist or the file (or its manifest) already exists.
   */
  exportRange(request: ExportRequest, outputPath: string, actor: string): Promise<PrintRun>;
  /** An application's print runs, oldest first. */
  printRuns(applicationId: number): PrintRun[];
  /** The code indexes already exported, as sorted inclusive intervals with overlapping and adjacent runs merged. */
  exportedRanges(applicationId: number): CodeInterval[];
}

interface PrintRunRow {
  id: number;
  application_id: number;
  code_start: number;
  code_end: number;
  count: number;
  format: ExportFormat;
  columns: string;
  header: number;
  line_ending: LineEnding;
  file_path: string;
  file_sha256: string;
  actor: string;
  created_at: string;
}

/** Output paths being written by any exporter in this process. */
const inFlight = new Set<string>();

export function createPrintRunExporter(options: PrintRunExporterOptions): PrintRunExporter {
  const { db, audit } = options;
  const now = options.now ?? (() => new Date());
  const chunkRows = Math.max(1, Math.trunc(options.chunkRows ?? DEFAULT_CHUNK_ROWS));
  const store = createBatchStore(db);

  const statements = {
    rangeStats: db.prepare(
      `SELECT COUNT(*) AS n, COUNT(*) - COUNT(code) AS without_code, MIN(CASE WHEN code IS NULL THEN code_index END) AS first_without_code
       FROM codes WHERE application_id = ? AND code_index BETWEEN ? AND ?`,
    ),
    insertRun: db.prepare(
      `INSERT INTO print_runs (application_id, code_start, code_end, count, format, columns, header, line_ending, file_path, file_sha256, actor, created_at)
       VALUES (@application_id, @code_start, @code_end, @count, @format, @columns, @header, @line_ending, @file_path, @file_sha256, @actor, @created_at)`,
    ),
    runs: db.prepare('SELECT * FROM print_runs WHERE application_id = ? ORDER BY id'),
    ranges: db.prepare('SELECT code_start, code_end FROM print_runs WHERE application_id = ? ORDER BY code_start, code_end'),
  };

  /** Everything about the source that can refuse the export, before a byte is written. */
  function checkSource(request: ExportRequest): ApplicationRow {
    const { application_id: id, code_start: start, code_end: end } = request;
    const application = store.applicationById(id);
    if (!application) throw applicationNotFoundError(id);
    if (start > end) throw rangeReversedError(start, end);
    if (end >= application.code_count) throw rangeOutOfBoundsError(start, end, application.code_count);
    const uncovered = firstUncovered(store.segments(id), start, end);
    if (uncovered !== undefined) throw rangeNotImportedError(start, end, uncovered);
    const stats = statements.rangeStats.get(id, start, end) as { n: number; without_code: number; first_without_code: number | null };
    if (stats.n !== end - start + 1) throw codesMissingError(start, end, firstMissingCode(id, start, end));
    if (request.columns.includes('code') && stats.without_code > 0) {
      throw codeColumnUnavailableError(start, end, stats.first_without_code ?? start, stats.without_code);
    }
    return application;
  }

  function firstMissingCode(id: number, start: number, end: number): number {
    let expected = start;
    for (const row of store.codeRange(id, start, end)) {
      if (row.code_index !== expected) return expected;
      expected++;
    }
    return expected;
  }

  /** Streams the rows to `<target>.partial`, renames it to `target` and returns the file's SHA-256. */
  async function writeFile(request: ExportRequest, target: string): Promise<string> {
    const partial = target + PARTIAL_SUFFIX;
    const hash = createHash('sha256');
    const stream = createWriteStream(partial, { flags: 'w', flush: true });
    let failure: unknown;
    stream.on('error', (error) => {
      failure ??= error;
    });
    const write = async (text: string): Promise<void> => {
      if (failure !== undefined) throw failure;
      const bytes = Buffer.from(text, 'utf8');
      hash.update(bytes);
      if (!stream.write(bytes)) await drained(stream);
    };

    try {
      if (request.header) await write(headerLine(request));
      const format = rowFormatter(request);
      const { application_id: id, code_start: start, code_end: end } = request;
      const needsCode = request.columns.includes('code');
      let next = start;
      while (next <= end) {
        const last = Math.min(next + chunkRows - 1, end);
        let text = '';
        // The chunk is read to the end synchronously, so the connection is free again before we wait on the disk.
        for (const row of store.codeRange(id, next, last)) {
          if (row.code_index !== next) throw codesMissingError(start, end, next);
          if (needsCode && row.code === null) throw codeColumnUnavailableError(start, end, row.code_index, 1);
          text += format(row);
          next++;
        }
        if (next !== last + 1) throw codesMissingError(start, end, next);
        await write(text);
      }
      if (failure !== undefined) throw failure;
      await finish(stream);
    } catch (error) {
      stream.destroy();
      await closed(stream);
      removeQuietly(partial);
      throw isAppError(error) ? error : writeFailedError(target, error);
    }

    try {
      if (exists(target)) throw outputExistsError(target);
      renameSync(partial, target);
    } catch (error) {
      removeQuietly(partial);
      throw isAppError(error) ? error : writeFailedError(target, error);
    }
    return hash.digest('hex');
  }

  return {
    async exportRange(rawRequest, outputPath, actor) {
      const request = checkRequest(rawRequest);
      if (typeof actor !== 'string' || actor.trim() === '') throw invalidRequestError('actor', '非空字符串', 'a non-empty string');
      if (typeof outputPath !== 'string' || outputPath.trim() === '') {
        throw invalidRequestError('outputPath', '非空的文件路径', 'a non-empty file path');
      }
      const target = resolve(outputPath);
      const manifestPath = target + MANIFEST_SUFFIX;
      if (inFlight.has(target)) throw exportBusyError(target);
      inFlight.add(target);
      try {
        const application = checkSource(request);
        checkOutput(target, manifestPath);
        const fileSha256 = await writeFile(request, target);

        const record = db.transaction((): PrintRun => {
          const created_at = now().toISOString();
          const count = request.code_end - request.code_start + 1;
          const fields = {
            application_id: request.application_id,
            code_start: request.code_start,
            code_end: request.code_end,
            count,
            format: request.format,
            columns: request.columns.join(','),
            header: request.header ? 1 : 0,
            line_ending: request.line_ending,
            file_path: target,
            file_sha256: fileSha256,
            actor,
            created_at,
          };
          const id = Number(statements.insertRun.run(fields).lastInsertRowid);
          const run = toPrintRun({ id, ...fields });
          audit.append({
            actor,
            action: PRINT_RUN_EXPORTED,
            subject: `application:${request.application_id}`,
            details: {
              print_run_id: id,
              code_start: request.code_start,
              code_end: request.code_end,
              count,
              format: request.format,
              columns: [...request.columns],
              header: request.header,
              line_ending: request.line_ending,
              file: basename(target),
              file_sha256: fileSha256,
            },
          });
          const manifest: PrintRunManifest = {
            product: 'Marketcode Station',
            application_id: request.application_id,
            isv_application_id: application.isv_application_id,
            code_start: request.code_start,
            code_end: request.code_end,
            count,
            format: request.format,
            columns: [...request.columns],
            header: request.header,
            line_ending: request.line_ending,
            file: basename(target),
            file_sha256: fileSha256,
            exported_at: created_at,
            print_run_id: id,
          };
          // Written inside the transaction: if it fails the run is rolled back; if the commit fails we remove it below.
          writeDurably(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
          return run;
        });

        try {
          return record.immediate();
        } catch (error) {
          removeQuietly(target);
          removeQuietly(manifestPath);
          removeQuietly(manifestPath + PARTIAL_SUFFIX);
          throw isAppError(error) ? error : recordFailedError(error);
        }
      } finally {
        inFlight.delete(target);
      }
    },

    printRuns(applicationId) {
      return (statements.runs.all(applicationId) as PrintRunRow[]).map(toPrintRun);
    },

    exportedRanges(applicationId) {
      return mergeIntervals(statements.ranges.all(applicationId) as { code_start: number; code_end: number }[]);
    },
  };
}

/** Sorted, merged inclusive intervals; runs that overlap or touch (`end + 1 === next start`) become one. */
export function mergeIntervals(sorted: readonly { code_start: number; code_end: number }[]): CodeInterval[] {
  const merged: CodeInterval[] = [];
  for (const { code_start, code_end } of sorted) {
    const last = merged[merged.length - 1];
    if (last && code_start <= last[1] + 1) {
      if (code_end > last[1]) last[1] = code_end;
    } else {
      merged.push([code_start, code_end]);
    }
  }
  return merged;
}

/** The first index of `start…end` not inside an imported segment, or undefined when the whole range is covered. */
export function firstUncovered(segments: readonly SegmentRow[], start: number, end: number): number | undefined {
  let cursor = start;
  const imported = segments.filter((segment) => segment.state === 'imported').sort((a, b) => a.code_start - b.code_start);
  for (const segment of imported) {
    if (segment.code_end < cursor) continue;
    if (segment.code_start > cursor) return cursor;
    cursor = segment.code_end + 1;
    if (cursor > end) return undefined;
  }
  return cursor;
}

function checkRequest(raw: unknown): ExportRequest {
  if (raw === null || typeof raw !== 'object') throw invalidRequestError('request', '一个对象', 'an object');
  const request = raw as Record<string, unknown>;
  const applicationId = request.application_id;
  if (!Number.isSafeInteger(applicationId) || (applicationId as number) <= 0) {
    throw invalidRequestError('application_id', '正整数', 'a positive integer');
  }
  for (const field of ['code_start', 'code_end'] as const) {
    const value = request[field];
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalidRequestError(field, '非负整数', 'a non-negative integer');
  }
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(request.format)) {
    throw invalidRequestError('format', EXPORT_FORMATS.join(' 或 '), `one of ${EXPORT_FORMATS.join(', ')}`);
  }
  const columns = request.columns;
  const allowed = EXPORT_COLUMNS.join(', ');
  if (!Array.isArray(columns) || columns.length === 0) {
    throw invalidRequestError('columns', `非空列表（可选 ${allowed}）`, `a non-empty list of ${allowed}`);
  }
  for (const column of columns) {
    if (!(EXPORT_COLUMNS as readonly unknown[]).includes(column)) {
      throw invalidRequestError(
        'columns',
        `由 ${allowed} 组成的列表（“${String(column)}”未知）`,
        `a list of ${allowed} ("${String(column)}" is unknown)`,
      );
    }
  }
  if (new Set(columns).size !== columns.length) {
    throw invalidRequestError('columns', '不含重复项的列表', 'a list without duplicates');
  }
  if (typeof request.header !== 'boolean') throw invalidRequestError('header', 'true 或 false', 'true or false');
  if (!(LINE_ENDINGS as readonly unknown[]).includes(request.line_ending)) {
    throw invalidRequestError('line_ending', LINE_ENDINGS.join(' 或 '), `one of ${LINE_ENDINGS.join(', ')}`);
  }
  return {
    application_id: applicationId as number,
    code_start: request.code_start as number,
    code_end: request.code_end as number,
    format: request.format as ExportFormat,
    columns: [...(columns as ExportColumn[])],
    header: request.header,
    line_ending: request.line_ending as LineEnding,
  };
}

function checkOutput(target: string, manifestPath: string): void {
  const folder = dirname(target);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw folderNotFoundError(folder);
  if (exists(target)) throw outputExistsError(target);
  if (exists(manifestPath)) throw outputExistsError(manifestPath);
}

function exists(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false }) !== undefined;
}

function toPrintRun(row: PrintRunRow): PrintRun {
  return {
    id: row.id,
    application_id: row.application_id,
    code_start: row.code_start,
    code_end: row.code_end,
    count: row.count,
    format: row.format,
    columns: row.columns.split(',') as ExportColumn[],
    header: row.header === 1,
    line_ending: row.line_ending,
    file_path: row.file_path,
    file_sha256: row.file_sha256,
    actor: row.actor,
    created_at: row.created_at,
  };
}

function drained(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the file closed before the export finished'));
    };
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/** Ends the stream and resolves once the data is flushed to disk and the file is closed. */
function finish(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      reject(new Error('the file closed before the export finished'));
      return;
    }
    const onError = (error: Error) => {
      stream.off('close', onClose);
      reject(error);
    };
    const onClose = () => {
      stream.off('error', onError);
      resolve();
    };
    stream.once('error', onError);
    stream.once('close', onClose);
    stream.end();
  });
}

function closed(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });
}

/** Writes a small file via `<path>.partial`, fsync and rename, so `path` is either absent or complete. */
function writeDurably(path: string, text: string): void {
  const partial = path + PARTIAL_SUFFIX;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Best effort: the caller is already reporting the real failure.
  }
}
