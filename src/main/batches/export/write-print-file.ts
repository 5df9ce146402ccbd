/** Streams an export's rows to disk: `<target>.partial`, flushed, then renamed, so `target` is either absent or complete. */
import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, type WriteStream } from 'node:fs';
import { exportErrors } from '../../../shared/error-catalogue/export';
import { isAppError, type AppError } from '../../../shared/errors';
import type { BatchStore } from '../batch-store';
import { headerLine, rowFormatter, type LayoutOptions } from './format';
import type { ExportRequest } from './types';

export const PARTIAL_SUFFIX = '.partial';

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** EXPORT_WRITE_FAILED for `path`, with the failure as its cause. */
export function writeFailed(path: string, cause: unknown): AppError {
  return exportErrors.EXPORT_WRITE_FAILED({ path, reason: reasonOf(cause) }, { cause });
}

/** EXPORT_RECORD_FAILED, with the failure as its cause. */
export function recordFailed(cause: unknown): AppError {
  return exportErrors.EXPORT_RECORD_FAILED({ reason: reasonOf(cause) }, { cause });
}

/** Writes the request's rows, `chunkRows` per read, to `<target>.partial`, renames it to `target` and returns the file's SHA-256. */
export async function writePrintFile(
  store: BatchStore,
  request: ExportRequest,
  target: string,
  chunkRows: number,
  leadingField?: string,
  extraColumns = 0,
): Promise<string> {
  const layout = { ...request, leadingField, extraColumns };
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
    if (request.header) await write(headerLine(layout));
    await writeRows(store, layout, chunkRows, write);
    if (failure !== undefined) throw failure;
    await finish(stream);
  } catch (error) {
    stream.destroy();
    await closed(stream);
    removeQuietly(partial);
    throw isAppError(error) ? error : writeFailed(target, error);
  }

  try {
    if (exists(target)) throw exportErrors.EXPORT_OUTPUT_EXISTS({ path: target });
    renameSync(partial, target);
  } catch (error) {
    removeQuietly(partial);
    throw isAppError(error) ? error : writeFailed(target, error);
  }
  return hash.digest('hex');
}

async function writeRows(
  store: BatchStore,
  request: ExportRequest & LayoutOptions,
  chunkRows: number,
  write: (text: string) => Promise<void>,
): Promise<void> {
  const format = rowFormatter(request);
  const { application_id: id, code_start, code_end } = request;
  const missing = (index: number) => exportErrors.EXPORT_CODES_MISSING({ code_start, code_end, first_missing_index: index });
  const needsCode = request.columns.includes('code');
  // code_extras is read only when the extra column is asked for: an export without it runs exactly as before.
  const withExtras = request.columns.includes('extra');
  let next = code_start;
  while (next <= code_end) {
    const last = Math.min(next + chunkRows - 1, code_end);
    const extras = withExtras ? store.codeExtras(id, next, last) : undefined;
    let text = '';
    // The chunk is read to the end synchronously, so the connection is free again before we wait on the disk.
    for (const row of store.codeRange(id, next, last)) {
      if (row.code_index !== next) throw missing(next);
      if (needsCode && row.code === null) {
        throw exportErrors.EXPORT_CODE_COLUMN_UNAVAILABLE({
          code_start,
          code_end,
          first_index_without_code: row.code_index,
          without_code: 1,
        });
      }
      text += format(row, extras?.get(row.code_index));
      next++;
    }
    if (next !== last + 1) throw missing(next);
    await write(text);
  }
}

export function exists(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false }) !== undefined;
}

export function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** Writes a small file via `<path>.partial`, fsync and rename, so `path` is either absent or complete. */
export function writeDurably(path: string, text: string): void {
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

export function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Best effort: the caller is already reporting the real failure.
  }
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
