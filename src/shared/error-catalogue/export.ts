/** Exporting a range of codes to a print file (src/main/batches/export). An unknown application is batches' APPLICATION_NOT_FOUND. */
import { defineErrors, type CodeOf } from '../define-errors';

type Range = { code_start: number; code_end: number };

export const exportErrors = defineErrors({
  /** `expected` says what the field must be, per language; only `field` goes into details. */
  EXPORT_INVALID_REQUEST: {
    en: (p: { field: string; expected: { en: string; 'zh-CN': string } }) =>
      `The export request's ${p.field} is invalid: it must be ${p.expected.en}.`,
    'zh-CN': (p) => `导出请求的 ${p.field} 无效：应为${p.expected['zh-CN']}。`,
    hint: { en: 'Correct it and try again; nothing was written.', 'zh-CN': '请修正后重试；没有写入任何文件。' },
  },
  EXPORT_RANGE_REVERSED: {
    en: (p: Range) => `The start index ${p.code_start} is after the end index ${p.code_end}.`,
    'zh-CN': (p) => `起始序号 ${p.code_start} 大于结束序号 ${p.code_end}。`,
    hint: {
      en: 'Both ends are inclusive; the start must not be greater than the end.',
      'zh-CN': '区间两端都包含在内：起始序号不能大于结束序号。',
    },
  },
  EXPORT_RANGE_OUT_OF_BOUNDS: {
    en: (p: Range & { code_count: number }) =>
      `The range ${p.code_start}–${p.code_end} lies outside this application's codes 0–${p.code_count - 1}.`,
    'zh-CN': (p) => `区间 ${p.code_start}–${p.code_end} 超出了该申请的码范围 0–${p.code_count - 1}。`,
    hint: {
      en: (p) => `The application has ${p.code_count} codes, indexed 0 to ${p.code_count - 1}.`,
      'zh-CN': (p) => `该申请共有 ${p.code_count} 个码，序号从 0 到 ${p.code_count - 1}。`,
    },
  },
  EXPORT_RANGE_NOT_IMPORTED: {
    en: (p: Range & { first_missing_index: number }) =>
      `Part of the range ${p.code_start}–${p.code_end} has not been imported: index ${p.first_missing_index} is not in an imported segment.`,
    'zh-CN': (p) => `区间 ${p.code_start}–${p.code_end} 中有尚未导入的码：序号 ${p.first_missing_index} 不在任何已导入的码段中。`,
    hint: {
      en: 'Download and import every segment the range covers first, or export a smaller range.',
      'zh-CN': '请先下载并导入覆盖该区间的所有码段，或缩小导出区间。',
    },
  },
  EXPORT_CODES_MISSING: {
    en: (p: Range & { first_missing_index: number }) =>
      `The ledger is inconsistent: the segments are marked imported, but the code at index ${p.first_missing_index} is not in the ledger (range ${p.code_start}–${p.code_end}).`,
    'zh-CN': (p) => `账本不一致：码段标记为已导入，但序号 ${p.first_missing_index} 的码不在账本中（区间 ${p.code_start}–${p.code_end}）。`,
    hint: {
      en: 'Nothing was written. Keep the data directory and contact support.',
      'zh-CN': '没有写入任何文件。请保留数据目录并联系技术支持。',
    },
  },
  EXPORT_CODE_COLUMN_UNAVAILABLE: {
    en: (p: Range & { first_index_without_code: number; without_code: number }) =>
      `${p.without_code} codes in the range ${p.code_start}–${p.code_end} have a code_url but no code (a url-only package), the first at index ${p.first_index_without_code}, so the code column cannot be exported.`,
    'zh-CN': (p) =>
      `区间 ${p.code_start}–${p.code_end} 中有 ${p.without_code} 个码只有 code_url、没有 code（仅含链接的码包），第一个是序号 ${p.first_index_without_code}，因此无法导出 code 列。`,
    hint: {
      en: 'Leave out the code column (export index and code_url only), or choose another range.',
      'zh-CN': '请去掉 code 列（只导出 index、code_url），或选择其他区间。',
    },
  },
  EXPORT_EXTRA_UNAVAILABLE: {
    en: (p: { application_id: number }) =>
      `Application ${p.application_id} has no extra package columns, so the extra column cannot be exported.`,
    'zh-CN': (p) => `申请 ${p.application_id} 的码包没有额外列，因此无法导出 extra 列。`,
    hint: {
      en: 'Leave out the extra column: only packages with columns besides index, code and code_url have one.',
      'zh-CN': '请去掉 extra 列：只有除 index、code、code_url 之外还有其他列的码包才有额外列。',
    },
  },
  EXPORT_FOLDER_NOT_FOUND: {
    en: (p: { folder: string }) => `The output folder does not exist: ${p.folder}`,
    'zh-CN': (p) => `输出文件夹不存在：${p.folder}`,
    hint: { en: 'Create it first, or choose a folder that exists.', 'zh-CN': '请先创建该文件夹，或选择一个已存在的文件夹。' },
  },
  EXPORT_OUTPUT_EXISTS: {
    en: (p: { path: string }) => `The output path already exists: ${p.path}`,
    'zh-CN': (p) => `输出路径已存在：${p.path}`,
    hint: {
      en: 'An export never overwrites a file (an earlier print run may have recorded its checksum). Choose another name or move the old file first.',
      'zh-CN': '导出不会覆盖已有文件（其校验值可能已记录在以前的打印批次中）。请换一个文件名，或先移走旧文件。',
    },
  },
  EXPORT_BUSY: {
    en: (p: { path: string }) => `An export to ${p.path} is already running; wait for it to finish.`,
    'zh-CN': (p) => `正在向 ${p.path} 导出，请等待该导出完成。`,
    hint: { en: 'Only one export at a time may write a given file.', 'zh-CN': '同一个输出文件一次只能有一个导出。' },
  },
  /** Pass the failure as `{ cause }` too. */
  EXPORT_WRITE_FAILED: {
    en: (p: { path: string; reason: string }) => `Could not write the export file ${p.path}: ${p.reason}`,
    'zh-CN': (p) => `无法写入导出文件 ${p.path}：${p.reason}`,
    hint: {
      en: 'Check the disk space and the folder permissions; no print run was recorded and no partial file was left behind.',
      'zh-CN': '请检查磁盘空间和文件夹权限；未记录打印批次，也没有留下不完整的文件。',
    },
  },
  /** Pass the failure as `{ cause }` too. */
  EXPORT_RECORD_FAILED: {
    en: (p: { reason: string }) => `Could not record the print run in the ledger: ${p.reason}`,
    'zh-CN': (p) => `无法在账本中记录打印批次：${p.reason}`,
    hint: {
      en: 'The exported file and its manifest were removed; try again, and contact support if it fails again.',
      'zh-CN': '已删除导出的文件及其清单，请重试；如果再次失败，请联系技术支持。',
    },
  },
  EXPORT_UNSAFE_VALUE: {
    en: (p: { column: string; index: number; format: string }) =>
      `The ${p.column} at index ${p.index} contains a tab or a line break and cannot be written to a ${p.format} file.`,
    'zh-CN': (p) => `序号 ${p.index} 的 ${p.column} 含有制表符或换行符，无法写入 ${p.format} 文件。`,
    hint: {
      en: 'The ledger holds unexpected data; no file was left behind. Contact support.',
      'zh-CN': '账本中的数据不符合预期；没有留下文件。请联系技术支持。',
    },
  },
});

export type ExportErrorCode = CodeOf<typeof exportErrors>;
