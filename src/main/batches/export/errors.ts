import { AppError, type ErrorDetails } from '../../../shared/errors';

function exportError(code: string, zh: [string, string], en: [string, string], details?: ErrorDetails, cause?: unknown): AppError {
  return new AppError(
    code,
    { 'zh-CN': { message: zh[0], hint: zh[1] }, en: { message: en[0], hint: en[1] } },
    details,
    cause === undefined ? undefined : { cause },
  );
}

export function invalidRequestError(field: string, zhWhat: string, enWhat: string): AppError {
  return exportError(
    'EXPORT_INVALID_REQUEST',
    [`导出请求的 ${field} 无效：应为${zhWhat}。`, '请修正后重试；没有写入任何文件。'],
    [`The export request's ${field} is invalid: it must be ${enWhat}.`, 'Correct it and try again; nothing was written.'],
    { field },
  );
}

export function applicationNotFoundError(applicationId: number): AppError {
  return exportError(
    'EXPORT_APPLICATION_NOT_FOUND',
    [`账本中没有申请 ${applicationId}。`, '请检查 application_id（微信返回的申请单号，不是 isv_application_id）。'],
    [`There is no application ${applicationId} in the ledger.`, "Check the application_id (WeChat's number, not the isv_application_id)."],
    { application_id: applicationId },
  );
}

export function rangeReversedError(start: number, end: number): AppError {
  return exportError(
    'EXPORT_RANGE_REVERSED',
    [`起始序号 ${start} 大于结束序号 ${end}。`, '区间两端都包含在内：起始序号不能大于结束序号。'],
    [`The start index ${start} is after the end index ${end}.`, 'Both ends are inclusive; the start must not be greater than the end.'],
    { code_start: start, code_end: end },
  );
}

export function rangeOutOfBoundsError(start: number, end: number, codeCount: number): AppError {
  return exportError(
    'EXPORT_RANGE_OUT_OF_BOUNDS',
    [`区间 ${start}–${end} 超出了该申请的码范围 0–${codeCount - 1}。`, `该申请共有 ${codeCount} 个码，序号从 0 到 ${codeCount - 1}。`],
    [
      `The range ${start}–${end} lies outside this application's codes 0–${codeCount - 1}.`,
      `The application has ${codeCount} codes, indexed 0 to ${codeCount - 1}.`,
    ],
    { code_start: start, code_end: end, code_count: codeCount },
  );
}

export function rangeNotImportedError(start: number, end: number, firstMissing: number): AppError {
  return exportError(
    'EXPORT_RANGE_NOT_IMPORTED',
    [
      `区间 ${start}–${end} 中有尚未导入的码：序号 ${firstMissing} 不在任何已导入的码段中。`,
      '请先下载并导入覆盖该区间的所有码段，或缩小导出区间。',
    ],
    [
      `Part of the range ${start}–${end} has not been imported: index ${firstMissing} is not in an imported segment.`,
      'Download and import every segment the range covers first, or export a smaller range.',
    ],
    { code_start: start, code_end: end, first_missing_index: firstMissing },
  );
}

export function codesMissingError(start: number, end: number, firstMissing: number): AppError {
  return exportError(
    'EXPORT_CODES_MISSING',
    [
      `账本不一致：码段标记为已导入，但序号 ${firstMissing} 的码不在账本中（区间 ${start}–${end}）。`,
      '没有写入任何文件。请保留数据目录并联系技术支持。',
    ],
    [
      `The ledger is inconsistent: the segments are marked imported, but the code at index ${firstMissing} is not in the ledger (range ${start}–${end}).`,
      'Nothing was written. Keep the data directory and contact support.',
    ],
    { code_start: start, code_end: end, first_missing_index: firstMissing },
  );
}

export function codeColumnUnavailableError(start: number, end: number, firstWithout: number, withoutCount: number): AppError {
  return exportError(
    'EXPORT_CODE_COLUMN_UNAVAILABLE',
    [
      `区间 ${start}–${end} 中有 ${withoutCount} 个码只有 code_url、没有 code（仅含链接的码包），第一个是序号 ${firstWithout}，因此无法导出 code 列。`,
      '请去掉 code 列（只导出 index、code_url），或选择其他区间。',
    ],
    [
      `${withoutCount} codes in the range ${start}–${end} have a code_url but no code (a url-only package), the first at index ${firstWithout}, so the code column cannot be exported.`,
      'Leave out the code column (export index and code_url only), or choose another range.',
    ],
    { code_start: start, code_end: end, first_index_without_code: firstWithout, without_code: withoutCount },
  );
}

export function folderNotFoundError(folder: string): AppError {
  return exportError(
    'EXPORT_FOLDER_NOT_FOUND',
    [`输出文件夹不存在：${folder}`, '请先创建该文件夹，或选择一个已存在的文件夹。'],
    [`The output folder does not exist: ${folder}`, 'Create it first, or choose a folder that exists.'],
    { folder },
  );
}

export function outputExistsError(path: string): AppError {
  return exportError(
    'EXPORT_OUTPUT_EXISTS',
    [`输出路径已存在：${path}`, '导出不会覆盖已有文件（其校验值可能已记录在以前的打印批次中）。请换一个文件名，或先移走旧文件。'],
    [
      `The output path already exists: ${path}`,
      'An export never overwrites a file (an earlier print run may have recorded its checksum). Choose another name or move the old file first.',
    ],
    { path },
  );
}

export function exportBusyError(path: string): AppError {
  return exportError(
    'EXPORT_BUSY',
    [`正在向 ${path} 导出，请等待该导出完成。`, '同一个输出文件一次只能有一个导出。'],
    [`An export to ${path} is already running; wait for it to finish.`, 'Only one export at a time may write a given file.'],
    { path },
  );
}

export function writeFailedError(path: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return exportError(
    'EXPORT_WRITE_FAILED',
    [`无法写入导出文件 ${path}：${reason}`, '请检查磁盘空间和文件夹权限；未记录打印批次，也没有留下不完整的文件。'],
    [
      `Could not write the export file ${path}: ${reason}`,
      'Check the disk space and the folder permissions; no print run was recorded and no partial file was left behind.',
    ],
    { path, reason },
    cause,
  );
}

export function recordFailedError(cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return exportError(
    'EXPORT_RECORD_FAILED',
    [`无法在账本中记录打印批次：${reason}`, '已删除导出的文件及其清单，请重试；如果再次失败，请联系技术支持。'],
    [
      `Could not record the print run in the ledger: ${reason}`,
      'The exported file and its manifest were removed; try again, and contact support if it fails again.',
    ],
    { reason },
    cause,
  );
}

export function unsafeValueError(column: string, index: number, format: string): AppError {
  return exportError(
    'EXPORT_UNSAFE_VALUE',
    [`序号 ${index} 的 ${column} 含有制表符或换行符，无法写入 ${format} 文件。`, '账本中的数据不符合预期；没有留下文件。请联系技术支持。'],
    [
      `The ${column} at index ${index} contains a tab or a line break and cannot be written to a ${format} file.`,
      'The ledger holds unexpected data; no file was left behind. Contact support.',
    ],
    { column, index, format },
  );
}
