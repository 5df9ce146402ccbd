/** The CLI's own errors: bad arguments and a data directory without a ledger (src/main/cli). */
import { defineErrors, type CodeOf } from '../define-errors';
import type { Locale } from '../errors';

/** A text a command composes itself (its own usage line or problem), in both languages. */
type Words = Record<Locale, string>;

export const cliErrors = defineErrors({
  /** `file` is the ledger's file name (src/main/ledger's LEDGER_FILE). */
  LEDGER_NOT_FOUND: {
    en: (p: { dataDir: string; file: string }) => `There is no ledger (${p.file}) in ${p.dataDir}.`,
    'zh-CN': (p) => `数据目录 ${p.dataDir} 中没有账本（${p.file}）。`,
    hint: {
      en: 'Point --data-dir or MARKETCODE_HOME at the right data directory.',
      'zh-CN': '请用 --data-dir 或 MARKETCODE_HOME 指向正确的数据目录。',
    },
    details: (p) => ({ dataDir: p.dataDir }),
  },
  /** `want` is what the argument should be, in each language. */
  CLI_BAD_ARGUMENT: {
    en: (p: { argument: string; given: string; want: { en: string; zh: string } }) =>
      `${p.argument} “${p.given || '(missing)'}” is invalid: expected ${p.want.en}.`,
    'zh-CN': (p) => `${p.argument} 的值“${p.given || '（缺少）'}”无效：应为${p.want.zh}。`,
    details: (p) => ({ argument: p.argument }),
  },
  CLI_BAD_JSON: {
    en: (p: { reason: string }) => `--body is not valid JSON: ${p.reason}`,
    'zh-CN': (p) => `--body 不是有效的 JSON：${p.reason}`,
    hint: {
      en: `For example: --body '{"code_count":10000,"isv_application_id":"t1"}'`,
      'zh-CN': `例如：--body '{"code_count":10000,"isv_application_id":"t1"}'`,
    },
  },
  /** `endpoints` lists the endpoint names the CLI knows, comma-separated. */
  CLI_UNKNOWN_ENDPOINT: {
    en: (p: { endpoint: string | undefined; endpoints: string }) =>
      p.endpoint ? `Unknown endpoint: ${p.endpoint}` : 'Missing the endpoint name.',
    'zh-CN': (p) => (p.endpoint ? `未知接口：${p.endpoint}` : '缺少接口名。'),
    hint: { en: (p) => `Endpoints: ${p.endpoints}`, 'zh-CN': (p) => `可用接口：${p.endpoints}` },
    details: () => undefined,
  },
  /** A command's arguments do not fit its usage; `hint` is its usage line or where its help is. */
  CLI_USAGE: {
    en: (p: { problem: Words; hint: Words }) => p.problem.en,
    'zh-CN': (p) => p.problem['zh-CN'],
    hint: { en: (p) => p.hint.en, 'zh-CN': (p) => p.hint['zh-CN'] },
    details: () => undefined,
  },
  /** Node's parseArgs refused an option (parse-args-error.ts); `usage` is the command's usage line. */
  CLI_UNKNOWN_OPTION: {
    en: (p: { option: string; usage: string }) => `Unknown option ${p.option}.`,
    'zh-CN': (p) => `未知选项 ${p.option}。`,
    hint: { en: (p) => `Usage: ${p.usage}`, 'zh-CN': (p) => `用法：${p.usage}` },
    details: (p) => ({ option: p.option }),
  },
  CLI_OPTION_VALUE_MISSING: {
    en: (p: { option: string; usage: string }) => `${p.option} needs a value (a value starting with "-" is written ${p.option}=-…).`,
    'zh-CN': (p) => `${p.option} 缺少取值（以“-”开头的取值请写成 ${p.option}=-…）。`,
    hint: { en: (p) => `Usage: ${p.usage}`, 'zh-CN': (p) => `用法：${p.usage}` },
    details: (p) => ({ option: p.option }),
  },
  CLI_OPTION_TAKES_NO_VALUE: {
    en: (p: { option: string; usage: string }) => `${p.option} takes no value.`,
    'zh-CN': (p) => `${p.option} 不带取值。`,
    hint: { en: (p) => `Usage: ${p.usage}`, 'zh-CN': (p) => `用法：${p.usage}` },
    details: (p) => ({ option: p.option }),
  },
  /** Any other refusal by parseArgs: its English text is never shown, only this and the usage. */
  CLI_ARGUMENTS_INVALID: {
    en: (p: { usage: string }) => `These arguments do not fit the command (${p.usage.split(' ').slice(0, 2).join(' ')}).`,
    'zh-CN': (p) => `参数与命令不符（${p.usage.split(' ').slice(0, 2).join(' ')}）。`,
    hint: { en: (p) => `Usage: ${p.usage}`, 'zh-CN': (p) => `用法：${p.usage}` },
    details: () => undefined,
  },
  CLI_MISSING_APPLICATION: {
    en: 'Missing the application (its application_id or isv_application_id).',
    'zh-CN': '缺少申请编号（application_id 或外部编号）。',
    hint: { en: '"marketcode ledger stats" lists them.', 'zh-CN': '"marketcode ledger stats" 可列出所有申请。' },
  },
  CLI_BAD_COUNT: {
    en: (p: { given: string }) =>
      `--count ${p.given || '(missing)'} is invalid: it must be a multiple of 10,000 from 10,000 to 20,000,000, in plain digits.`,
    'zh-CN': (p) => `--count ${p.given || '（缺少）'} 无效：须为 10,000 的整数倍，范围 10,000–20,000,000，只用数字书写。`,
    hint: { en: 'For example: --count 100000', 'zh-CN': '例如：--count 100000' },
  },
  CLI_BAD_ISV: {
    en: '--isv must not be empty and at most 128 characters long.',
    'zh-CN': '--isv 不能为空，且不超过 128 个字符。',
  },
  CLI_DEMO_NEEDS_TRAINING: {
    en: 'The demo runs only in Training mode; it never applies for real codes.',
    'zh-CN': '演示只在培训模式下运行，不会向微信申请真实的码。',
    hint: {
      en: 'Use a fresh data directory (--data-dir), or switch back to Training in Settings → Connection.',
      'zh-CN': '请使用新的数据目录（--data-dir），或在“设置 → 连接”中切回培训模式。',
    },
  },
});

export type CliErrorCode = CodeOf<typeof cliErrors>;
