import { cliErrors } from '../../../shared/error-catalogue/cli';
import { resolve } from 'node:path';
import { type AppError, isAppError, type Locale } from '../../../shared/errors';
import { createAuditLog } from '../../audit';
import {
  createPrintRunExporter,
  EXPORT_COLUMNS,
  EXPORT_FORMATS,
  LINE_ENDINGS,
  type ExportColumn,
  type ExportFormat,
  type ExportRequest,
  type LineEnding,
  type PrintRun,
} from '../../batches/export';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { assertLedgerExists } from './ledger-stats';
import { readWholeNumber } from '../whole-number';

export const EXPORT_DEFAULTS = {
  format: 'csv' as ExportFormat,
  columns: ['index', 'code', 'code_url'] as ExportColumn[],
  header: false,
  line_ending: 'crlf' as LineEnding,
};

const USAGE =
  'marketcode export <application_id> --start A --end B --out FILE [--format csv|txt] [--columns index,code,code_url,extra] [--header] [--line-ending crlf|lf] [--json]';

/**
 * `marketcode export`: writes an inclusive range of an application's codes to
 * a CSV or TXT file for the printer, with a manifest next to it, and records
 * the print run. Exit 0 done, 1 refused, 2 bad usage.
 */
export const exportCommand: CliCommand = {
  path: ['export'],
  usage: USAGE,
  summary: {
    'zh-CN': '把一个申请的一段码导出为打印文件（CSV/TXT）并记录打印批次',
    en: "Export a range of an application's codes to a print file (CSV/TXT) and record the print run",
  },
  options: {
    start: { type: 'string' },
    end: { type: 'string' },
    format: { type: 'string' },
    columns: { type: 'string' },
    header: { type: 'boolean' },
    'line-ending': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(context, values, positionals) {
    let parsed: { request: ExportRequest; out: string };
    try {
      parsed = parseExportArguments(values, positionals);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'CLI_USAGE') throw error;
      const text = error.localized[context.locale];
      const usageWord = context.locale === 'zh-CN' ? '用法' : 'Usage';
      context.io.stderr(`${text.message}\n${text.hint ? text.hint + '\n' : ''}${usageWord}: ${USAGE}\n`);
      return 2;
    }
    assertLedgerExists(context.dataDir);
    return withApp(context, async (app) => {
      const exporter = createPrintRunExporter({ db: app.ledger, audit: createAuditLog(app.ledger), mode: app.mode() });
      const run = await exporter.exportRange(parsed.request, parsed.out, app.actorFor('batches.export'));
      context.io.stdout(values.json ? JSON.stringify(run, null, 2) + '\n' : summarise(run, context.locale));
      return 0;
    });
  },
};

/** Turns the parsed flags into an export request; throws a `CLI_USAGE` AppError naming the first problem. */
export function parseExportArguments(
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
): { request: ExportRequest; out: string } {
  if (positionals.length === 0) throw usageError('缺少申请单号 <application_id>。', 'Missing the <application_id>.');
  if (positionals.length > 1) {
    throw usageError(`多余的参数：${positionals.slice(1).join(' ')}`, `Unexpected arguments: ${positionals.slice(1).join(' ')}`);
  }
  const applicationId = integer('<application_id>', positionals[0]!);
  if (applicationId === 0)
    throw usageError('<application_id> 应为正整数，收到“0”。', '<application_id> must be a positive integer, got "0".');
  const start = integer('--start', required(values, 'start'));
  const end = integer('--end', required(values, 'end'));
  const out = required(values, 'out');
  const format = oneOf('--format', string(values, 'format') ?? EXPORT_DEFAULTS.format, EXPORT_FORMATS);
  const lineEnding = oneOf('--line-ending', string(values, 'line-ending') ?? EXPORT_DEFAULTS.line_ending, LINE_ENDINGS);
  const columnsText = string(values, 'columns');
  const columns = columnsText === undefined ? [...EXPORT_DEFAULTS.columns] : parseColumns(columnsText);
  return {
    request: {
      application_id: applicationId,
      code_start: start,
      code_end: end,
      format,
      columns,
      header: values.header === true,
      line_ending: lineEnding,
    },
    out: resolve(out),
  };
}

function parseColumns(text: string): ExportColumn[] {
  const names = text.split(',').map((name) => name.trim());
  const allowed = EXPORT_COLUMNS.join(',');
  if (names.some((name) => name === '')) {
    throw usageError(
      `--columns 应为逗号分隔的列名（${allowed}），收到“${text}”。`,
      `--columns must be column names separated by commas (${allowed}), got "${text}".`,
    );
  }
  const columns: ExportColumn[] = [];
  for (const name of names) {
    if (!(EXPORT_COLUMNS as readonly string[]).includes(name)) {
      throw usageError(`未知的列：“${name}”。可用的列：${allowed}`, `Unknown column "${name}". Columns: ${allowed}`);
    }
    if (columns.includes(name as ExportColumn)) throw usageError(`列“${name}”重复了。`, `The column "${name}" is listed twice.`);
    columns.push(name as ExportColumn);
  }
  return columns;
}

function string(values: Record<string, string | boolean | undefined>, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

function required(values: Record<string, string | boolean | undefined>, key: string): string {
  const value = string(values, key);
  if (value === undefined || value.trim() === '') throw usageError(`缺少 --${key}。`, `Missing --${key}.`);
  return value;
}

function integer(flag: string, text: string): number {
  const reading = readWholeNumber(text);
  if (!reading.ok) {
    throw usageError(
      `${flag} 应为非负整数（只用数字书写，不超过 ${Number.MAX_SAFE_INTEGER}），收到“${text}”。`,
      `${flag} must be a non-negative integer in plain digits, at most ${Number.MAX_SAFE_INTEGER}, got "${text}".`,
    );
  }
  return reading.value;
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw usageError(`${flag} 应为 ${allowed.join(' 或 ')}，收到“${text}”。`, `${flag} must be ${allowed.join(' or ')}, got "${text}".`);
}

function usageError(zh: string, en: string): AppError {
  return cliErrors.CLI_USAGE({
    problem: { 'zh-CN': zh, en },
    hint: { 'zh-CN': '运行 marketcode export --help 查看说明。', en: 'Run marketcode export --help for help.' },
  });
}

function summarise(run: PrintRun, locale: Locale): string {
  const count = run.count.toLocaleString('en-US');
  const range = `${run.code_start}–${run.code_end}`;
  if (locale === 'zh-CN') {
    const layout = `${run.format}，列 ${run.columns.join(',')}，${run.header ? '含表头' : '无表头'}，${run.line_ending}`;
    return `已导出申请 ${run.application_id} 的 ${count} 个码（${range}）到 ${run.file_path}（${layout}）—— 打印批次 #${run.id}，SHA-256 ${run.file_sha256}\n`;
  }
  const layout = `${run.format}, columns ${run.columns.join(',')}, ${run.header ? 'header' : 'no header'}, ${run.line_ending}`;
  return `Exported ${count} codes (${range}) of application ${run.application_id} to ${run.file_path} (${layout}) — print run #${run.id}, SHA-256 ${run.file_sha256}\n`;
}
