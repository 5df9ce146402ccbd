/**
 * Every way a downloaded package can be refused (src/main/packages): texts in zh-CN
 * and en (what happened, naming the segment and the first bad line; what to do) and
 * the facts in `details`. Texts never contain the service key. Main throws them as
 * `PackageError`s (src/main/packages/package-error.ts).
 */
import type { ErrorDetails } from '../errors';
import { defineErrors, type CodeOf } from '../define-errors';

/** One downloaded segment of an application: inclusive application indices, as `applycodequery` lists them. */
export interface PackageSegmentRange {
  applicationId: number;
  codeStart: number;
  codeEnd: number;
}

/** Why a line is malformed: the detail code and what the text names. */
export type BadLineReason =
  | { kind: 'character'; column: number; character: string }
  | { kind: 'empty_field'; column: number }
  /** The field in the column the layout gives `field` does not have its shape. */
  | { kind: 'field_shape'; field: 'index' | 'code' | 'code_url'; column: number; length: number }
  | { kind: 'field_count'; expected: number; actual: number }
  | { kind: 'blank_line' };

/** Why the columns of a package could not be told from its first lines. */
export type LayoutProblem =
  /** Two or more columns (1-based field numbers) have the shape of `field`. */
  | { kind: 'ambiguous'; field: 'index' | 'code' | 'code_url'; columns: number[] }
  | { kind: 'no_code_url' }
  /** The mapping set by hand has `columns` columns; line 1 splits into no such number of fields. */
  | { kind: 'mapping_mismatch'; columns: number }
  | { kind: 'no_data' };

export type CorruptReason = 'base64' | 'length' | 'padding' | 'garbage';

type Words = { en: string; zh: string };
/** The segment a package error is about; absent when the caller had none. */
type About = { range: PackageSegmentRange | undefined };
type Segment = { range: PackageSegmentRange };

function rangeDetails(range: PackageSegmentRange | undefined): ErrorDetails {
  if (!range) return {};
  return { applicationId: range.applicationId, codeStart: range.codeStart, codeEnd: range.codeEnd };
}

/** "segment 0–49999 of application 581865877" / "申请单 581865877 的码段 0–49999". */
function segmentName(range: PackageSegmentRange | undefined): Words {
  if (!range) return { en: 'the package', zh: '码包' };
  return {
    en: `segment ${range.codeStart}–${range.codeEnd} of application ${range.applicationId}`,
    zh: `申请单 ${range.applicationId} 的码段 ${range.codeStart}–${range.codeEnd}`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const NOT_IMPORTED: Words = { en: 'Nothing from it is imported.', zh: '该码段不会被导入。' };

const RETRY_THEN_SUPPORT = {
  'zh-CN': '请重新下载该码段；若仍出现同样的错误，请联系技术支持，并提供保留的下载数据和此信息。',
  en: 'Download the segment again; if the same error comes back, contact support and send them the kept download of this segment and this message.',
};

const FIELD_NAMES = {
  index: { en: 'index', zh: '序号' },
  code: { en: 'code', zh: '码（code）' },
  code_url: { en: 'code_url', zh: '码链接（code_url）' },
} as const;

const FIELD_SHAPES = {
  index: { en: 'an index (digits, code_start + line)', zh: '序号（数字，等于 code_start + 行号）' },
  code: { en: 'a 9-character code', zh: '9 位码（code）' },
  code_url: { en: 'a 28-character code_url', zh: '28 位码链接（code_url）' },
} as const;

function layoutProblemText(problem: LayoutProblem): Words {
  switch (problem.kind) {
    case 'ambiguous':
      return {
        en: `fields ${problem.columns.join(', ')} all look like ${FIELD_SHAPES[problem.field].en}, so which one it is cannot be told`,
        zh: `第 ${problem.columns.join('、')} 个字段都像${FIELD_SHAPES[problem.field].zh}，无法判断哪一个是`,
      };
    case 'no_code_url':
      return {
        en: 'no field is a 28-character code_url under any separator (tab, comma, semicolon, spaces)',
        zh: '无论按哪种分隔符（制表符、逗号、分号、空格）拆分，都没有 28 位码链接（code_url）字段',
      };
    case 'mapping_mismatch':
      return {
        en: `the package layout set by hand has ${problem.columns} columns, but the line does not split into ${problem.columns} fields`,
        zh: `手动设置的码包格式有 ${problem.columns} 列，但该行无法拆分为 ${problem.columns} 个字段`,
      };
    case 'no_data':
      return { en: 'the package holds no data line', zh: '码包中没有数据行' };
  }
}

function badLineReasonText(reason: BadLineReason): Words {
  switch (reason.kind) {
    case 'character':
      return {
        en: `unexpected character ${reason.character} at column ${reason.column} (fields are upper case letters, digits and $%*+-./:)`,
        zh: `第 ${reason.column} 列出现不允许的字符 ${reason.character}（字段只能含大写字母、数字和 $%*+-./:）`,
      };
    case 'empty_field':
      return { en: `empty field at column ${reason.column}`, zh: `第 ${reason.column} 列有空字段` };
    case 'field_shape':
      return {
        en: `the field at column ${reason.column} (${reason.length} characters) is not ${FIELD_SHAPES[reason.field].en}, which the layout has there`,
        zh: `第 ${reason.column} 列的字段（${reason.length} 个字符）不是该位置应有的${FIELD_SHAPES[reason.field].zh}`,
      };
    case 'field_count':
      return {
        en: `it has ${reason.actual} fields where the layout has ${reason.expected}`,
        zh: `该行有 ${reason.actual} 个字段，而格式应为 ${reason.expected} 个`,
      };
    case 'blank_line':
      return { en: 'blank line before the last code', zh: '最后一个码之前出现空行' };
  }
}

function corruptReasonText(p: { reason: CorruptReason; position?: number; bytes?: number; line?: number }): Words {
  switch (p.reason) {
    case 'base64':
      return { zh: `base64 编码无效（第 ${p.position ?? 0} 个字符）`, en: `invalid base64 at character ${p.position ?? 0}` };
    case 'length':
      return {
        zh: `密文长度 ${p.bytes ?? 0} 字节不是 16 的倍数，数据可能被截断`,
        en: `the ciphertext is ${p.bytes ?? 0} bytes, not a multiple of 16: probably cut short`,
      };
    case 'padding':
      return { zh: '解密后末尾的填充无效，数据可能被截断或改动', en: 'the padding at the end is invalid: probably cut short or altered' };
    case 'garbage':
      return { zh: `解密后第 ${p.line ?? 0} 行附近出现乱码字节`, en: `the decrypted text turns to garbage near line ${p.line ?? 0}` };
  }
}

/** The first bad line of a count mismatch: the first one missing, or the first one too many. */
function countMismatchLine(p: { expected: number; actual: number }): number {
  return Math.min(p.expected, p.actual) + 1;
}

export const packageErrors = defineErrors({
  PACKAGE_BAD_KEY: {
    en: (p: About & { keyLength: number }) =>
      `The service key must be exactly 16 printable ASCII characters (the key set has ${p.keyLength} characters, or characters outside printable ASCII). ${capitalise(segmentName(p.range).en)} cannot be decrypted.`,
    'zh-CN': (p) =>
      `服务密钥格式不正确：应为 16 个可打印 ASCII 字符（当前为 ${p.keyLength} 个字符，或含有中文、全角或控制字符）。无法解密${segmentName(p.range).zh}。`,
    hint: {
      en: 'Re-enter the service key in Settings → Connection: copy the 16-character key exactly, with no spaces or line breaks around it.',
      'zh-CN': '请在“设置 → 连接”中重新填写服务密钥：原样复制 16 位密钥，不要带前后空格或换行。',
    },
    details: (p) => ({ ...rangeDetails(p.range), keyLength: p.keyLength }),
  },
  PACKAGE_BAD_RANGE: {
    en: (p: Segment & { problem: Words }) =>
      `Invalid segment range (application ${String(p.range.applicationId)}: ${String(p.range.codeStart)}–${String(p.range.codeEnd)}): ${p.problem.en}.`,
    'zh-CN': (p) =>
      `码段范围无效（申请单 ${String(p.range.applicationId)}: ${String(p.range.codeStart)}–${String(p.range.codeEnd)}）：${p.problem.zh}。`,
    hint: {
      en: "This is a bug: segment ranges come from applycodequery's code_generate_list. Please contact support.",
      'zh-CN': '这是程序错误：码段范围应来自 applycodequery 返回的 code_generate_list。请联系技术支持。',
    },
    details: (p) => ({ problem: p.problem.en }),
  },
  PACKAGE_EMPTY: {
    en: (p: About) => `${capitalise(segmentName(p.range).en)} is empty: the download holds no codes. ${NOT_IMPORTED.en}`,
    'zh-CN': (p) => `${segmentName(p.range).zh} 为空：下载结果中没有任何码。${NOT_IMPORTED.zh}`,
    hint: {
      en: 'Download the segment again; if it is still empty, check that the application is FINISH, then contact support.',
      'zh-CN': '请重新下载该码段；若仍为空，请确认申请单状态为 FINISH，再联系技术支持。',
    },
    details: (p) => rangeDetails(p.range),
  },
  PACKAGE_CORRUPT: {
    en: (p: About & { reason: CorruptReason; position?: number; bytes?: number; line?: number }) =>
      `The download of ${segmentName(p.range).en} is damaged: ${corruptReasonText(p).en}. ${NOT_IMPORTED.en}`,
    'zh-CN': (p) => `下载的${segmentName(p.range).zh} 已损坏：${corruptReasonText(p).zh}。${NOT_IMPORTED.zh}`,
    hint: {
      en: 'Download the segment again (the transfer may have been cut short or altered by a proxy); if it keeps happening, contact support with the kept download.',
      'zh-CN': '请重新下载该码段（传输可能中断，或被代理改写）；若反复出现，请联系技术支持并提供保留的下载数据。',
    },
    details: (p) => {
      const details: ErrorDetails = { ...rangeDetails(p.range), reason: p.reason };
      if (p.position !== undefined) details.position = p.position;
      if (p.bytes !== undefined) details.bytes = p.bytes;
      if (p.line !== undefined) details.line = p.line;
      return details;
    },
  },
  PACKAGE_WRONG_KEY: {
    en: (p: About) =>
      `Wrong service key: ${segmentName(p.range).en} does not decrypt with the current service key (garbage from line 1). ${NOT_IMPORTED.en}`,
    'zh-CN': (p) => `服务密钥不正确：用当前服务密钥无法解密${segmentName(p.range).zh}（第 1 行起即为乱码）。${NOT_IMPORTED.zh}`,
    hint: {
      en: 'Check the service key in Settings → Connection: it must be the key of the Service Account that applied for these codes (case matters). Then download the segment again.',
      'zh-CN': '请在“设置 → 连接”中检查服务密钥：须为申请这批码的服务号的密钥，区分大小写。修改后重新下载该码段。',
    },
    details: (p) => rangeDetails(p.range),
  },
  PACKAGE_BAD_LINE: {
    en: (p: Segment & { line: number; excerpt: string; reason: BadLineReason }) =>
      `Line ${p.line} of ${segmentName(p.range).en} is malformed: ${badLineReasonText(p.reason).en}. It reads "${p.excerpt}". ${NOT_IMPORTED.en}`,
    'zh-CN': (p) =>
      `${segmentName(p.range).zh} 的第 ${p.line} 行格式不正确：${badLineReasonText(p.reason).zh}。内容：“${p.excerpt}”。${NOT_IMPORTED.zh}`,
    hint: RETRY_THEN_SUPPORT,
    details: (p) => {
      const details: ErrorDetails = { ...rangeDetails(p.range), line: p.line, excerpt: p.excerpt, reason: p.reason.kind };
      if ('column' in p.reason) details.column = p.reason.column;
      return details;
    },
  },
  PACKAGE_LAYOUT_UNDETECTED: {
    en: (p: Segment & { line: number; excerpt: string; problem: LayoutProblem }) =>
      `The columns of ${segmentName(p.range).en} cannot be told from line ${p.line}: ${layoutProblemText(p.problem).en}. It reads "${p.excerpt}". ${NOT_IMPORTED.en}`,
    'zh-CN': (p) =>
      `无法从第 ${p.line} 行识别${segmentName(p.range).zh} 的各列：${layoutProblemText(p.problem).zh}。内容：“${p.excerpt}”。${NOT_IMPORTED.zh}`,
    hint: {
      en: 'Run "marketcode package inspect" on the kept download (or use Inspect on the Batches screen) to see its columns, then set the column order in Settings → Connection → Package layout (or pass --layout to the CLI) and retry the segment.',
      'zh-CN':
        '请对保留的下载数据运行 “marketcode package inspect”（或在“批次”界面点击“检查”）查看各列，然后在“设置 → 连接 → 码包格式”中设置列顺序（或在命令行中使用 --layout），再重试该码段。',
    },
    details: (p) => {
      const details: ErrorDetails = { ...rangeDetails(p.range), line: p.line, excerpt: p.excerpt, problem: p.problem.kind };
      if (p.problem.kind === 'ambiguous') {
        details.field = p.problem.field;
        details.columns = p.problem.columns.join(',');
      }
      return details;
    },
  },
  PACKAGE_INDEX_GAP: {
    en: (p: Segment & { line: number; expectedIndex: number; actualIndex: number }) =>
      `Line ${p.line} of ${segmentName(p.range).en} has index ${p.actualIndex} where ${p.expectedIndex} was expected: indices must run from ${p.range.codeStart} up by one per line, so a line is missing or out of order. ${NOT_IMPORTED.en}`,
    'zh-CN': (p) =>
      `${segmentName(p.range).zh} 的第 ${p.line} 行的序号为 ${p.actualIndex}，应为 ${p.expectedIndex}：序号须从 ${p.range.codeStart} 起逐行加 1，中间可能缺行或顺序错乱。${NOT_IMPORTED.zh}`,
    hint: RETRY_THEN_SUPPORT,
    details: (p) => ({ ...rangeDetails(p.range), line: p.line, expectedIndex: p.expectedIndex, actualIndex: p.actualIndex }),
  },
  PACKAGE_COUNT_MISMATCH: {
    en: (p: Segment & { expected: number; actual: number }) =>
      `${capitalise(segmentName(p.range).en)} should hold ${p.expected} codes but holds ${p.actual}: ${
        p.actual < p.expected ? `the text ends before line ${countMismatchLine(p)}` : `line ${countMismatchLine(p)} and after are extra`
      }. ${NOT_IMPORTED.en}`,
    'zh-CN': (p) =>
      `${segmentName(p.range).zh} 应有 ${p.expected} 个码，实际为 ${p.actual} 个：${
        p.actual < p.expected ? `文本在第 ${countMismatchLine(p)} 行之前就结束了` : `第 ${countMismatchLine(p)} 行起为多余的码`
      }。${NOT_IMPORTED.zh}`,
    hint: RETRY_THEN_SUPPORT,
    details: (p) => ({ ...rangeDetails(p.range), expected: p.expected, actual: p.actual, line: countMismatchLine(p) }),
  },
  PACKAGE_DUPLICATE_CODE: {
    en: (p: Segment & { field: 'code' | 'code_url'; firstLine: number; secondLine: number; value: string }) =>
      `Line ${p.secondLine} of ${segmentName(p.range).en} repeats the ${FIELD_NAMES[p.field].en} of line ${p.firstLine} (${p.value}): every code in a segment must be unique. ${NOT_IMPORTED.en}`,
    'zh-CN': (p) =>
      `${segmentName(p.range).zh} 的第 ${p.secondLine} 行的${FIELD_NAMES[p.field].zh}与第 ${p.firstLine} 行重复（${p.value}）：同一码段内每个码都必须唯一。${NOT_IMPORTED.zh}`,
    hint: RETRY_THEN_SUPPORT,
    details: (p) => ({
      ...rangeDetails(p.range),
      field: p.field,
      line: p.secondLine,
      firstLine: p.firstLine,
      secondLine: p.secondLine,
      value: p.value,
    }),
  },
});

export type PackageErrorCode = CodeOf<typeof packageErrors>;
/** The codes in the order of the catalogue. */
export const PACKAGE_ERROR_CODES = Object.keys(packageErrors) as PackageErrorCode[];
