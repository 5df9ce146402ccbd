import type { ParseArgsConfig } from 'node:util';
import type { Locale } from '../../shared/errors';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Standard input as text chunks (`verify --stdin`); absent: the process's stdin. */
  stdin?: AsyncIterable<string>;
}

export interface CliContext {
  io: CliIo;
  locale: Locale;
  /** Resolved data directory (flag, MARKETCODE_HOME, or the app's default). */
  dataDir: string;
}

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

/** One CLI command; `run` returns the process exit code. */
export interface CliCommand {
  /** Words that select it, e.g. ['info'] or ['ledger', 'stats']. */
  path: string[];
  usage: string;
  summary: Record<Locale, string>;
  options: CliOptions;
  run(context: CliContext, values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}
