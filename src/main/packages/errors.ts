/**
 * Every way a downloaded package can be refused, as an `AppError` with a stable code,
 * texts in zh-CN and en (what happened, naming the segment and the first bad line;
 * what to do) and the facts in `details`. Texts never contain the service key.
 */
import { AppError, type ErrorDetails, type Locale } from '../../shared/errors';
import type { PackageSegmentRange } from './types';

export const PACKAGE_ERROR_CODES = [
  'PACKAGE_BAD_KEY',
  'PACKAGE_BAD_RANGE',
  'PACKAGE_EMPTY',
  'PACKAGE_CORRUPT',
  'PACKAGE_WRONG_KEY',
  'PACKAGE_BAD_LINE',
  'PACKAGE_INDEX_GAP',
  'PACKAGE_COUNT_MISMATCH',
  'PACKAGE_DUPLICATE_CODE',
] as const;
export type PackageErrorCode = (typeof PACKAGE_ERROR_CODES)[number];

type Texts = Record<Locale, { message: string; hint: string }>;

export class PackageError extends AppError {
  constructor(code: PackageErrorCode, texts: Texts, details: ErrorDetails) {
    super(code, texts, details);
    this.name = 'PackageError';
  }
}

export function isPackageError(value: unknown): value is PackageError {
  return value instanceof PackageError;
}

function texts(zhMessage: string, zhHint: string, enMessage: string, enHint: string): Texts {
  return { 'zh-CN': { message: zhMessage, hint: zhHint }, en: { message: enMessage, hint: enHint } };
}

function rangeDetails(range: PackageSegmentRange | undefined): ErrorDetails {
  if (!range) return {};
  return { applicationId: range.applicationId, codeStart: range.codeStart, codeEnd: range.codeEnd };
}

/** "segment 0–49999 of application 581865877" / "申请单 581865877 的码段 0–49999". */
function segmentName(range: PackageSegmentRange | undefined): { en: string; zh: string } {
  if (!range) return { en: 'the package', zh: '码包' };
  return {
    en: `segment ${range.codeStart}–${range.codeEnd} of application ${range.applicationId}`,
    zh: `申请单 ${range.applicationId} 的码段 ${range.codeStart}–${range.codeEnd}`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const NOT_IMPORTED = { en: 'Nothing from it is imported.', zh: '该码段不会被导入。' };

const RETRY_THEN_SUPPORT = {
  zh: '请重新下载该码段；若仍出现同样的错误，请联系技术支持，并提供保留的下载数据和此信息。',
  en: 'Download the segment again; if the same error comes back, contact support and send them the kept download of this segment and this message.',
};

export function badKeyError(serviceKey: unknown, range?: PackageSegmentRange): PackageError {
  const length = typeof serviceKey === 'string' ? serviceKey.length : 0;
  const where = segmentName(range);
  return new PackageError(
    'PACKAGE_BAD_KEY',
    texts(
      `服务密钥格式不正确：应为 16 个可打印 ASCII 字符（当前为 ${length} 个字符，或含有中文、全角或控制字符）。无法解密${where.zh}。`,
      '请在“设置 → 连接”中重新填写服务密钥：原样复制 16 位密钥，不要带前后空格或换行。',
      `The service key must be exactly 16 printable ASCII characters (the key set has ${length} characters, or characters outside printable ASCII). ${capitalise(where.en)} cannot be decrypted.`,
      'Re-enter the service key in Settings → Connection: copy the 16-character key exactly, with no spaces or line breaks around it.',
    ),
    { ...rangeDetails(range), keyLength: length },
  );
}

export function badRangeError(range: PackageSegmentRange, problem: { en: string; zh: string }): PackageError {
  const shown = `${String(range.applicationId)}: ${String(range.codeStart)}–${String(range.codeEnd)}`;
  return new PackageError(
    'PACKAGE_BAD_RANGE',
    texts(
      `码段范围无效（申请单 ${shown}）：${problem.zh}。`,
      '这是程序错误：码段范围应来自 applycodequery 返回的 code_generate_list。请联系技术支持。',
      `Invalid segment range (application ${shown}): ${problem.en}.`,
      "This is a bug: segment ranges come from applycodequery's code_generate_list. Please contact support.",
    ),
    { problem: problem.en },
  );
}

export function emptyError(range?: PackageSegmentRange): PackageError {
  const where = segmentName(range);
  return new PackageError(
    'PACKAGE_EMPTY',
    texts(
      `${where.zh} 为空：下载结果中没有任何码。${NOT_IMPORTED.zh}`,
      '请重新下载该码段；若仍为空，请确认申请单状态为 FINISH，再联系技术支持。',
      `${capitalise(where.en)} is empty: the download holds no codes. ${NOT_IMPORTED.en}`,
      'Download the segment again; if it is still empty, check that the application is FINISH, then contact support.',
    ),
    rangeDetails(range),
  );
}

export type CorruptReason = 'base64' | 'length' | 'padding' | 'garbage';

export function corruptError(
  range: PackageSegmentRange | undefined,
  reason: CorruptReason,
  facts: { position?: number; bytes?: number; line?: number },
): PackageError {
  const where = segmentName(range);
  let zh: string;
  let en: string;
  switch (reason) {
    case 'base64':
      zh = `base64 编码无效（第 ${facts.position ?? 0} 个字符）`;
      en = `invalid base64 at character ${facts.position ?? 0}`;
      break;
    case 'length':
      zh = `密文长度 ${facts.bytes ?? 0} 字节不是 16 的倍数，数据可能被截断`;
      en = `the ciphertext is ${facts.bytes ?? 0} bytes, not a multiple of 16: probably cut short`;
      break;
    case 'padding':
      zh = '解密后末尾的填充无效，数据可能被截断或改动';
      en = 'the padding at the end is invalid: probably cut short or altered';
      break;
    case 'garbage':
      zh = `解密后第 ${facts.line ?? 0} 行附近出现乱码字节`;
      en = `the decrypted text turns to garbage near line ${facts.line ?? 0}`;
      break;
  }
  const details: ErrorDetails = { ...rangeDetails(range), reason };
  if (facts.position !== undefined) details.position = facts.position;
  if (facts.bytes !== undefined) details.bytes = facts.bytes;
  if (facts.line !== undefined) details.line = facts.line;
  return new PackageError(
    'PACKAGE_CORRUPT',
    texts(
      `下载的${where.zh} 已损坏：${zh}。${NOT_IMPORTED.zh}`,
      '请重新下载该码段（传输可能中断，或被代理改写）；若反复出现，请联系技术支持并提供保留的下载数据。',
      `The download of ${where.en} is damaged: ${en}. ${NOT_IMPORTED.en}`,
      'Download the segment again (the transfer may have been cut short or altered by a proxy); if it keeps happening, contact support with the kept download.',
    ),
    details,
  );
}

export function wrongKeyError(range?: PackageSegmentRange): PackageError {
  const where = segmentName(range);
  return new PackageError(
    'PACKAGE_WRONG_KEY',
    texts(
      `服务密钥不正确：用当前服务密钥无法解密${where.zh}（第 1 行起即为乱码）。${NOT_IMPORTED.zh}`,
      '请在“设置 → 连接”中检查服务密钥：须为申请这批码的服务号的密钥，区分大小写。修改后重新下载该码段。',
      `Wrong service key: ${where.en} does not decrypt with the current service key (garbage from line 1). ${NOT_IMPORTED.en}`,
      'Check the service key in Settings → Connection: it must be the key of the Service Account that applied for these codes (case matters). Then download the segment again.',
    ),
    rangeDetails(range),
  );
}

/** Why a line is malformed: the detail code and its short text in each language. */
export type BadLineReason =
  | { kind: 'character'; column: number; character: string }
  | { kind: 'empty_field'; column: number }
  | { kind: 'field_length'; column: number; length: number }
  | { kind: 'repeated_field'; field: 'index' | 'code' | 'code_url' }
  | { kind: 'no_code_url' }
  | { kind: 'index_not_first' }
  | { kind: 'layout_changed'; layout: string; firstLayout: string }
  | { kind: 'blank_line' };

const FIELD_NAMES = {
  index: { en: 'index', zh: '序号' },
  code: { en: 'code', zh: '码（code）' },
  code_url: { en: 'code_url', zh: '码链接（code_url）' },
} as const;

function badLineReasonText(reason: BadLineReason): { en: string; zh: string } {
  switch (reason.kind) {
    case 'character':
      return {
        en: `unexpected character ${reason.character} at column ${reason.column} (fields are upper case letters, digits and $%*+-./:)`,
        zh: `第 ${reason.column} 列出现不允许的字符 ${reason.character}（字段只能含大写字母、数字和 $%*+-./:）`,
      };
    case 'empty_field':
      return { en: `empty field at column ${reason.column}`, zh: `第 ${reason.column} 列有空字段` };
    case 'field_length':
      return {
        en: `the field at column ${reason.column} has ${reason.length} characters: neither an index (1–8 digits), a code (9) nor a code_url (28)`,
        zh: `第 ${reason.column} 列的字段长 ${reason.length} 个字符，既不是序号（1–8 位数字），也不是 9 位码或 28 位码链接`,
      };
    case 'repeated_field':
      return {
        en: `more than one ${FIELD_NAMES[reason.field].en} on the line`,
        zh: `一行中有多个${FIELD_NAMES[reason.field].zh}`,
      };
    case 'no_code_url':
      return { en: 'no 28-character code_url on the line', zh: '该行没有 28 位码链接（code_url）' };
    case 'index_not_first':
      return { en: 'the index is not the first field', zh: '序号不是第一个字段' };
    case 'layout_changed':
      return {
        en: `its fields (${reason.layout}) differ from line 1 (${reason.firstLayout})`,
        zh: `字段（${reason.layout}）与第 1 行（${reason.firstLayout}）不一致`,
      };
    case 'blank_line':
      return { en: 'blank line before the last code', zh: '最后一个码之前出现空行' };
  }
}

export function badLineError(range: PackageSegmentRange, line: number, excerpt: string, reason: BadLineReason): PackageError {
  const where = segmentName(range);
  const why = badLineReasonText(reason);
  const details: ErrorDetails = { ...rangeDetails(range), line, excerpt, reason: reason.kind };
  if ('column' in reason) details.column = reason.column;
  return new PackageError(
    'PACKAGE_BAD_LINE',
    texts(
      `${where.zh} 的第 ${line} 行格式不正确：${why.zh}。内容：“${excerpt}”。${NOT_IMPORTED.zh}`,
      RETRY_THEN_SUPPORT.zh,
      `Line ${line} of ${where.en} is malformed: ${why.en}. It reads "${excerpt}". ${NOT_IMPORTED.en}`,
      RETRY_THEN_SUPPORT.en,
    ),
    details,
  );
}

export function indexGapError(range: PackageSegmentRange, line: number, expected: number, actual: number): PackageError {
  const where = segmentName(range);
  return new PackageError(
    'PACKAGE_INDEX_GAP',
    texts(
      `${where.zh} 的第 ${line} 行的序号为 ${actual}，应为 ${expected}：序号须从 ${range.codeStart} 起逐行加 1，中间可能缺行或顺序错乱。${NOT_IMPORTED.zh}`,
      RETRY_THEN_SUPPORT.zh,
      `Line ${line} of ${where.en} has index ${actual} where ${expected} was expected: indices must run from ${range.codeStart} up by one per line, so a line is missing or out of order. ${NOT_IMPORTED.en}`,
      RETRY_THEN_SUPPORT.en,
    ),
    { ...rangeDetails(range), line, expectedIndex: expected, actualIndex: actual },
  );
}

export function countMismatchError(range: PackageSegmentRange, expected: number, actual: number): PackageError {
  const where = segmentName(range);
  // The first bad line: the first one missing, or the first one too many.
  const line = Math.min(expected, actual) + 1;
  const zhLine = actual < expected ? `文本在第 ${line} 行之前就结束了` : `第 ${line} 行起为多余的码`;
  const enLine = actual < expected ? `the text ends before line ${line}` : `line ${line} and after are extra`;
  return new PackageError(
    'PACKAGE_COUNT_MISMATCH',
    texts(
      `${where.zh} 应有 ${expected} 个码，实际为 ${actual} 个：${zhLine}。${NOT_IMPORTED.zh}`,
      RETRY_THEN_SUPPORT.zh,
      `${capitalise(where.en)} should hold ${expected} codes but holds ${actual}: ${enLine}. ${NOT_IMPORTED.en}`,
      RETRY_THEN_SUPPORT.en,
    ),
    { ...rangeDetails(range), expected, actual, line },
  );
}

export function duplicateError(
  range: PackageSegmentRange,
  field: 'code' | 'code_url',
  firstLine: number,
  secondLine: number,
  value: string,
): PackageError {
  const where = segmentName(range);
  const name = FIELD_NAMES[field];
  return new PackageError(
    'PACKAGE_DUPLICATE_CODE',
    texts(
      `${where.zh} 的第 ${secondLine} 行的${name.zh}与第 ${firstLine} 行重复（${value}）：同一码段内每个码都必须唯一。${NOT_IMPORTED.zh}`,
      RETRY_THEN_SUPPORT.zh,
      `Line ${secondLine} of ${where.en} repeats the ${name.en} of line ${firstLine} (${value}): every code in a segment must be unique. ${NOT_IMPORTED.en}`,
      RETRY_THEN_SUPPORT.en,
    ),
    { ...rangeDetails(range), field, line: secondLine, firstLine, secondLine, value },
  );
}
