import { parseArgs } from 'node:util';
import packageJson from '../../../package.json' with { type: 'json' };
import { isAppError, type AppError, type Locale } from '../../shared/errors';
import { resolveDataDir } from '../data-dir';
import { ledgerBusyError } from '../ledger/ledger-busy';
import type { CliCommand, CliIo } from './command';
import { activateCommand } from './commands/activate';
import { apiCommand } from './commands/api';
import { applyCommand } from './commands/apply';
import { demoCommand } from './commands/demo';
import { downloadCommand } from './commands/download';
import { exportCommand } from './commands/export';
import { simCommand } from './commands/sim';
import { statusCommand } from './commands/status';
import { auditCommand } from './commands/audit';
import { infoCommand } from './commands/info';
import { ledgerStatsCommand } from './commands/ledger-stats';
import { outboxCommand } from './commands/outbox';
import { reconcileCommand } from './commands/reconcile';
import { packageInspectCommand } from './commands/package';
import { supervisorCommands } from './commands/supervisor';
import { productCommands } from './commands/product';
import { verifyCommand } from './commands/verify';
import { parseArgsError } from './parse-args-error';

export const COMMANDS: CliCommand[] = [
  infoCommand,
  applyCommand,
  statusCommand,
  downloadCommand,
  packageInspectCommand,
  exportCommand,
  ledgerStatsCommand,
  demoCommand,
  ...productCommands,
  activateCommand,
  outboxCommand,
  reconcileCommand,
  verifyCommand,
  apiCommand,
  simCommand,
  auditCommand,
  ...supervisorCommands,
];

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** What `marketcode --version` prints: the same name and version as the first line of `info`. */
export const VERSION_LINE = `${packageJson.productName} ${packageJson.version}\n`;

/** The CLI's language: MARKETCODE_LANG, else the POSIX locale variables. */
export function cliLocale(env: NodeJS.ProcessEnv): Locale {
  const raw = env.MARKETCODE_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return raw.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const locale = cliLocale(io.env);
  const command = findCommand(argv);
  if (!command && argv.includes('--version')) {
    io.stdout(VERSION_LINE);
    return 0;
  }
  if (!command) {
    const words = argv.filter((arg) => !arg.startsWith('-'));
    if (words.length > 0 && !argv.includes('--help') && !argv.includes('-h')) {
      io.stderr((locale === 'zh-CN' ? `未知命令：${words.join(' ')}\n\n` : `Unknown command: ${words.join(' ')}\n\n`) + usage(locale));
      return 2;
    }
    io.stdout(usage(locale));
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(command.path.length),
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    printError(io, parseArgsError(error, command.usage), locale);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.version) {
    io.stdout(VERSION_LINE);
    return 0;
  }
  if (values.help) {
    io.stdout(`${command.usage}\n  ${command.summary[locale]}\n`);
    return 0;
  }
  const explicit = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
  const dataDir = resolveDataDir({ explicit, env: io.env });
  try {
    return await command.run({ io, locale, dataDir }, values, parsed.positionals);
  } catch (thrown) {
    const error = ledgerBusyError(thrown) ?? thrown;
    if (isAppError(error)) {
      printError(io, error, locale);
      return 1;
    }
    throw error;
  }
}

function printError(io: CliIo, error: AppError, locale: Locale): void {
  const text = error.localized[locale];
  io.stderr(`${text.message}\n${text.hint ? text.hint + '\n' : ''}`);
}

function findCommand(argv: string[]): CliCommand | undefined {
  const matches = COMMANDS.filter((command) => command.path.every((word, index) => argv[index] === word));
  return matches.sort((a, b) => b.path.length - a.path.length)[0];
}

function usage(locale: Locale): string {
  const lines = COMMANDS.map((command) => `  ${command.usage.padEnd(44)} ${command.summary[locale]}`);
  const header = locale === 'zh-CN' ? '用法: marketcode <命令> [选项]\n\n命令:' : 'Usage: marketcode <command> [options]\n\nCommands:';
  const footer =
    locale === 'zh-CN'
      ? '\n全局选项:\n  --data-dir DIR   数据目录（也可用环境变量 MARKETCODE_HOME）\n  -h, --help       帮助\n  --version        显示版本\n'
      : '\nGlobal options:\n  --data-dir DIR   data directory (or the MARKETCODE_HOME environment variable)\n  -h, --help       help\n  --version        print the version\n';
  return `${header}\n${lines.join('\n')}\n${footer}`;
}
