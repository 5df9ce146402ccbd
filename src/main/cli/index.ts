export { runCli, cliLocale, COMMANDS } from './run-cli';
export type { CliCommand, CliContext, CliIo } from './command';
