/**
 * Applying for, downloading and importing code batches (src/main/batches).
 * APPLICATION_NOT_FOUND is the one "no such application" of the app: the
 * exporter and the activation area use it too.
 */
import { defineErrors, type CodeOf } from '../define-errors';

/** An application as a person refers to it: WeChat's number or our isv_application_id. */
export type ApplicationReference = { application_id: number } | { isv_application_id: string };

function referenceText(p: ApplicationReference): string {
  return 'application_id' in p ? String(p.application_id) : p.isv_application_id;
}

/** Reasons are cut so an error (and the ledger row that keeps it) stays small. */
const REASON_CHARACTERS = 200;

export const batchErrors = defineErrors({
  APPLICATION_NOT_FOUND: {
    en: (p: ApplicationReference) => `There is no application ${referenceText(p)} in the local ledger.`,
    'zh-CN': (p) => `本地台账中没有申请 ${referenceText(p)}。`,
    hint: {
      en: 'Check the number; "marketcode ledger stats" lists the applications.',
      'zh-CN': '请检查申请编号；用 "marketcode ledger stats" 查看已有申请。',
    },
  },
  APPLICATION_FAILED: {
    en: (p: { reference: string | number; reason: string }) => `Application ${p.reference} failed: ${p.reason}`,
    'zh-CN': (p) => `申请 ${p.reference} 已失败：${p.reason}`,
    hint: { en: 'Fix the cause, then press Retry on the Batches screen.', 'zh-CN': '处理原因后，在“码批次”中点击“重试”。' },
    details: (p) => ({ reference: String(p.reference) }),
  },
  APPLICATION_EXISTS: {
    en: (p: { isv_application_id: string }) =>
      `The isv_application_id ${p.isv_application_id} is already used by an application in the ledger.`,
    'zh-CN': (p) => `外部编号 ${p.isv_application_id} 已用于本地台账中的一个申请。`,
    hint: {
      en: 'The same id is the same application: choose another, or continue it with "marketcode download".',
      'zh-CN': '同一外部编号即同一申请；请换一个编号，或用 "marketcode download" 继续原申请。',
    },
  },
  APPLICATION_SEGMENTS_MISMATCH: {
    en: (p: { application_id: number; covered: number; code_count: number }) =>
      `Application ${p.application_id} is finished but its segments cover ${p.covered} codes, not the ${p.code_count} applied for.`,
    'zh-CN': (p) => `申请 ${p.application_id} 已完成，但码段共 ${p.covered} 个码，与申请的 ${p.code_count} 个不符。`,
    hint: {
      en: 'Press Retry on the Batches screen later; if this persists, contact WeChat support.',
      'zh-CN': '稍后在“码批次”中点击“重试”；如持续出现，请联系微信支持。',
    },
    details: (p) => ({ covered: p.covered, code_count: p.code_count }),
  },
  /** The import thread died (a crash, out of memory) in the middle of a segment or a look-up build; nothing half-done was kept. */
  IMPORT_THREAD_STOPPED: {
    en: (_p: { reason: string }) =>
      'The import thread stopped unexpectedly; nothing half-done was written to the ledger, and the import resumes shortly.',
    'zh-CN': '导入线程意外停止，未完成的码段或索引没有写入台账，稍后会自动继续。',
    hint: {
      en: 'If this keeps happening, send the log to IT (it names the reason).',
      'zh-CN': '如反复出现，请将日志发给 IT（日志中有停止原因）。',
    },
    details: (p) => ({ reason: p.reason.slice(0, REASON_CHARACTERS) }),
  },
  /** Importing or indexing failed for a reason that is not the package's (e.g. the disk is full); it is retried after a pause. */
  IMPORT_STEP_FAILED: {
    en: (p: { reason: string }) =>
      `The import could not go on: ${p.reason.slice(0, REASON_CHARACTERS)}. What was saved stays; it is retried shortly.`,
    'zh-CN': (p) => `导入未能完成：${p.reason.slice(0, REASON_CHARACTERS)}。已写入的部分保持不变，稍后会自动重试。`,
    hint: {
      en: 'Check the free disk space; if this keeps happening, send the log to IT.',
      'zh-CN': '请检查磁盘空间；如反复出现，请将日志发给 IT。',
    },
    details: (p) => ({ reason: p.reason.slice(0, REASON_CHARACTERS) }),
  },
  /** A segment's import failed for a reason that is not an AppError of its own (a bug, the ledger). */
  PACKAGE_IMPORT_FAILED: {
    en: (p: { application_id: number; code_start: number; code_end: number; reason: string }) =>
      `Importing segment ${p.code_start}–${p.code_end} failed: ${p.reason}`,
    'zh-CN': (p) => `码段 ${p.code_start}–${p.code_end} 导入失败：${p.reason}`,
    hint: {
      en: 'Nothing was imported. Retry; if it fails again, send the log to IT.',
      'zh-CN': '未导入任何数据。请重试；如仍失败，请将日志发给 IT。',
    },
    details: (p) => ({ application_id: p.application_id, code_start: p.code_start }),
  },
  /** The look-up build found a code that is already in the ledger: the segment holding it was taken back out. */
  PACKAGE_CODE_ALREADY_IN_LEDGER: {
    en: (p: { application_id: number; code_start: number; code_end: number; code: string }) =>
      `Segment ${p.code_start}–${p.code_end} contains code ${p.code}, which is already in the ledger (another segment or application); the whole segment was taken back out.`,
    'zh-CN': (p) => `码段 ${p.code_start}–${p.code_end} 中的码 ${p.code} 已存在于本地台账（另一码段或另一申请），整个码段已撤回。`,
    hint: {
      en: 'A code can never be imported twice. Contact support with the application number and the segment.',
      'zh-CN': '同一个码不能导入两次。请联系技术支持并提供该申请号和码段。',
    },
  },
  SEGMENT_NOT_FOUND: {
    en: (p: { application_id: number; code_start: number }) =>
      `Application ${p.application_id} has no segment starting at ${p.code_start} in the local ledger.`,
    'zh-CN': (p) => `本地台账中申请 ${p.application_id} 没有从 ${p.code_start} 开始的码段。`,
    hint: {
      en: 'The Batches screen (or "marketcode status <application>") lists the segments and where each starts.',
      'zh-CN': '“码批次”界面（或 "marketcode status <申请号>"）列出各码段及其起始序号。',
    },
  },
  PACKAGE_FILE_UNREADABLE: {
    en: (p: { path: string; reason: string }) => `The package file ${p.path} cannot be read: ${p.reason}`,
    'zh-CN': (p) => `无法读取码包文件 ${p.path}：${p.reason}`,
    hint: {
      en: 'Kept downloads are in the data folder under packages/failed, named <application>-<code_start>-<code_end>.b64; or inspect the segment by number: "marketcode package inspect <application_id> <code_start>".',
      'zh-CN':
        '保留的下载数据位于数据目录的 packages/failed 下，文件名为 <申请号>-<起始序号>-<结束序号>.b64；也可按编号检查码段："marketcode package inspect <申请号> <起始序号>"。',
    },
    details: (p) => ({ path: p.path }),
  },
  PACKAGE_LAYOUT_INVALID: {
    en: (p: { text: string }) =>
      `"${p.text}" is not a package layout: name each column in order as index, code, code_url or extra, with exactly one code_url and at most one index and one code.`,
    'zh-CN': (p) =>
      `“${p.text}”不是有效的码包格式：请按顺序为每一列填写 index、code、code_url 或 extra，且必须恰有一个 code_url，index 和 code 各至多一个。`,
    hint: {
      en: 'For example: extra,code,index,code_url. "auto" goes back to detecting the columns.',
      'zh-CN': '例如：extra,code,index,code_url。填写 "auto" 则恢复自动识别。',
    },
  },
});

export type BatchErrorCode = CodeOf<typeof batchErrors>;
