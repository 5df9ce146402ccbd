/**
 * Turns a refusal of Node's util.parseArgs into the CLI's translated error with the command's usage as hint, so a
 * person never sees Node's English text ("Unknown option '--x'. To specify a positional argument…").
 */
import { cliErrors } from '../../shared/error-catalogue/cli';
import type { AppError } from '../../shared/errors';

/** The translated error for what parseArgs threw while reading a command whose usage line is `usage` (pure). */
export function parseArgsError(thrown: unknown, usage: string): AppError {
  const code = typeof thrown === 'object' && thrown !== null && 'code' in thrown ? String(thrown.code) : '';
  const message = thrown instanceof Error ? thrown.message : '';
  // parseArgs names the option in quotes: '--count <value>', '--json', '-x'.
  const option = /'(-{1,2}[^'\s<]+)/.exec(message)?.[1];
  if (option !== undefined && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return cliErrors.CLI_UNKNOWN_OPTION({ option, usage });
  if (option !== undefined && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take an argument/.test(message)
      ? cliErrors.CLI_OPTION_TAKES_NO_VALUE({ option, usage })
      : cliErrors.CLI_OPTION_VALUE_MISSING({ option, usage });
  }
  return cliErrors.CLI_ARGUMENTS_INVALID({ usage });
}
