/** `marketcode package inspect` as text, in zh-CN and en: what IT reads out on the phone (values masked). */
import type { Locale } from '../../shared/errors';
import type { PackageColumnReport, PackageInspection } from '../packages';

type Words = Record<Locale, string>;

const ROLE_WORDS: Record<NonNullable<PackageColumnReport['role']>, Words> = {
  index: { 'zh-CN': '序号', en: 'index' },
  code: { 'zh-CN': '码（code）', en: 'code' },
  code_url: { 'zh-CN': '码链接（code_url）', en: 'code_url' },
  extra: { 'zh-CN': '其他列（保留为文本）', en: 'extra (kept as text)' },
};
const CHARACTER_WORDS: Record<PackageColumnReport['characters'], Words> = {
  digits: { 'zh-CN': '纯数字', en: 'digits' },
  qr: { 'zh-CN': '大写字母、数字和 $%*+-./:', en: 'upper case, digits and $%*+-./:' },
  text: { 'zh-CN': '其他文本', en: 'other text' },
};
const SEPARATOR_WORDS: Record<string, Words> = {
  comma: { 'zh-CN': '逗号', en: 'comma' },
  semicolon: { 'zh-CN': '分号', en: 'semicolon' },
  tab: { 'zh-CN': '制表符', en: 'tab' },
  spaces: { 'zh-CN': '空格', en: 'spaces' },
};
const LINE_ENDING_WORDS: Record<string, Words> = {
  lf: { 'zh-CN': 'LF', en: 'LF' },
  crlf: { 'zh-CN': 'CRLF', en: 'CRLF' },
  mixed: { 'zh-CN': 'LF 与 CRLF 混用', en: 'mixed LF and CRLF' },
  none: { 'zh-CN': '（仅一行）', en: '(one line)' },
};

function columnLine(column: PackageColumnReport, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const role = column.role === null ? (zh ? '未能识别' : 'not identified') : ROLE_WORDS[column.role][locale];
  const length = column.minLength === column.maxLength ? `${column.minLength}` : `${column.minLength}–${column.maxLength}`;
  const slash = column.slash ? (zh ? '，含 /' : ', contains /') : '';
  const shape = zh
    ? `${length} 个字符，${CHARACTER_WORDS[column.characters][locale]}${slash}`
    : `${length} characters, ${CHARACTER_WORDS[column.characters][locale]}${slash}`;
  return zh
    ? `  第 ${column.position} 列：${role}；${shape}；示例 ${column.examples.join('  ')}`
    : `  column ${column.position}: ${role}; ${shape}; e.g. ${column.examples.join('  ')}`;
}

/** The inspection as lines of text (values are already masked by the inspector). */
export function describeInspection(inspection: PackageInspection, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const { range, structure, verdict, mapping } = inspection;
  const lines = [
    zh
      ? `申请单 ${range.applicationId} 的码段 ${range.codeStart}–${range.codeEnd}（应有 ${range.codeEnd - range.codeStart + 1} 个码）`
      : `Segment ${range.codeStart}–${range.codeEnd} of application ${range.applicationId} (${range.codeEnd - range.codeStart + 1} codes expected)`,
  ];
  if (structure) {
    const separator = structure.separator ? SEPARATOR_WORDS[structure.separator]![locale] : zh ? '未能识别' : 'not identified';
    lines.push(
      zh
        ? `解密后 ${structure.bytes.toLocaleString('en-US')} 字节，${structure.lines.toLocaleString('en-US')} 行，换行 ${LINE_ENDING_WORDS[structure.lineEnding]![locale]}${structure.bom ? '，有 BOM' : ''}`
        : `Decrypted: ${structure.bytes.toLocaleString('en-US')} bytes, ${structure.lines.toLocaleString('en-US')} lines, line ends ${LINE_ENDING_WORDS[structure.lineEnding]![locale]}${structure.bom ? ', with a BOM' : ''}`,
      zh ? `SHA-256：${structure.sha256}` : `SHA-256: ${structure.sha256}`,
      zh ? `表头：${structure.header ?? '无'}` : `Header: ${structure.header ?? 'none'}`,
      zh ? `分隔符：${separator}` : `Separator: ${separator}`,
      zh ? `各列${mapping ? '（按手动设置的格式）' : ''}：` : `Columns${mapping ? ' (as set by hand)' : ''}:`,
      ...structure.columns.map((column) => columnLine(column, locale)),
    );
  }
  if (verdict.ok) {
    lines.push(
      zh
        ? `结论：可以导入（格式 ${verdict.layout}，${verdict.count} 个码）`
        : `Verdict: imports (layout ${verdict.layout}, ${verdict.count} codes)`,
    );
  } else {
    const text = verdict.error.localized[locale];
    lines.push(zh ? `结论：不能导入。${text.message}` : `Verdict: refused. ${text.message}`);
    if (text.hint) lines.push(zh ? `建议：${text.hint}` : `What to do: ${text.hint}`);
  }
  return lines.join('\n');
}
