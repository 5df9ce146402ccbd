/** Command line of `npm run bench:import -- [codes] [--no-baseline]`. */

export const DEFAULT_CODES = 1_000_000;
export const MIN_CODES = 10_000;
export const MAX_CODES = 20_000_000;
const STEP = 10_000;

export interface ImportBenchArgs {
  codes: number;
  baseline: boolean;
  /** Scan at the verification engine this often while importing, and report the scans' latency. */
  scanEveryMs: number | undefined;
}

/** `--scans`: one scan every this many milliseconds, as a busy line's scanner would. */
export const SCAN_EVERY_MS = 50;

/** The arguments, or the reason they are wrong. */
export function parseImportBenchArgs(argv: readonly string[]): ImportBenchArgs | { error: string } {
  let codes = DEFAULT_CODES;
  let baseline = true;
  let scanEveryMs: number | undefined;
  let seenCount = false;
  for (const arg of argv) {
    if (arg === '--no-baseline') {
      baseline = false;
    } else if (arg === '--scans') {
      scanEveryMs = SCAN_EVERY_MS;
    } else if (/^[0-9][0-9_,]*$/.test(arg) && !seenCount) {
      codes = Number(arg.replace(/[_,]/g, ''));
      seenCount = true;
    } else {
      return { error: `unexpected argument "${arg}"` };
    }
  }
  if (!Number.isSafeInteger(codes) || codes < MIN_CODES || codes > MAX_CODES || codes % STEP !== 0) {
    return {
      error: `the code count must be a multiple of ${STEP.toLocaleString('en-US')} from ${MIN_CODES.toLocaleString('en-US')} to ${MAX_CODES.toLocaleString('en-US')} (WeChat's applycode rule), not ${codes.toLocaleString('en-US')}`,
    };
  }
  return { codes, baseline, scanEveryMs };
}

export const USAGE = 'npm run bench:import -- [codes, default 1000000] [--no-baseline] [--scans]';
