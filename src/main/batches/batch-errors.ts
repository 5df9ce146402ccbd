import { AppError } from '../../shared/errors';

export function applicationNotFoundError(reference: string | number): AppError {
  return new AppError(
    'APPLICATION_NOT_FOUND',
    {
      'zh-CN': { message: `本地台账中没有申请 ${reference}。`, hint: '请检查申请编号；用 "marketcode ledger stats" 查看已有申请。' },
      en: {
        message: `There is no application ${reference} in the local ledger.`,
        hint: 'Check the number; "marketcode ledger stats" lists the applications.',
      },
    },
    { reference: String(reference) },
  );
}

export function applicationFailedError(reference: string | number, reason: string): AppError {
  return new AppError(
    'APPLICATION_FAILED',
    {
      'zh-CN': { message: `申请 ${reference} 已失败：${reason}`, hint: '处理原因后，在“码批次”中点击“重试”。' },
      en: { message: `Application ${reference} failed: ${reason}`, hint: 'Fix the cause, then press Retry on the Batches screen.' },
    },
    { reference: String(reference) },
  );
}

export function applicationExistsError(isv: string): AppError {
  return new AppError(
    'APPLICATION_EXISTS',
    {
      'zh-CN': {
        message: `外部编号 ${isv} 已用于本地台账中的一个申请。`,
        hint: '同一外部编号即同一申请；请换一个编号，或用 "marketcode download" 继续原申请。',
      },
      en: {
        message: `The isv_application_id ${isv} is already used by an application in the ledger.`,
        hint: 'The same id is the same application: choose another, or continue it with "marketcode download".',
      },
    },
    { isv_application_id: isv },
  );
}

/** The import thread died (a crash, out of memory) in the middle of a segment or a look-up build; nothing half-done was kept. */
export function importThreadStoppedError(reason: string): AppError {
  return new AppError(
    'IMPORT_THREAD_STOPPED',
    {
      'zh-CN': {
        message: '导入线程意外停止，未完成的码段或索引没有写入台账，稍后会自动继续。',
        hint: '如反复出现，请将日志发给 IT（日志中有停止原因）。',
      },
      en: {
        message: 'The import thread stopped unexpectedly; nothing half-done was written to the ledger, and the import resumes shortly.',
        hint: 'If this keeps happening, send the log to IT (it names the reason).',
      },
    },
    { reason: reason.slice(0, 200) },
  );
}

/** Importing or indexing failed for a reason that is not the package's (e.g. the disk is full); it is retried after a pause. */
export function importStepFailedError(reason: string): AppError {
  return new AppError(
    'IMPORT_STEP_FAILED',
    {
      'zh-CN': {
        message: `导入未能完成：${reason.slice(0, 200)}。已写入的部分保持不变，稍后会自动重试。`,
        hint: '请检查磁盘空间；如反复出现，请将日志发给 IT。',
      },
      en: {
        message: `The import could not go on: ${reason.slice(0, 200)}. What was saved stays; it is retried shortly.`,
        hint: 'Check the free disk space; if this keeps happening, send the log to IT.',
      },
    },
    { reason: reason.slice(0, 200) },
  );
}
