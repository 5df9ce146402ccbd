/** The CLI's own errors: bad arguments and a data directory without a ledger (src/main/cli). */
import { defineErrors, type CodeOf } from '../define-errors';
import type { ErrorDetails } from '../errors';

/**
 * For an error that has never carried details, where defineErrors' default
 * would add its parameters. (AppError takes undefined details; the entry type
 * does not say so yet.)
 */
const noDetails = (): ErrorDetails => undefined as unknown as ErrorDetails;

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
    details: noDetails,
  },
});

export type CliErrorCode = CodeOf<typeof cliErrors>;
