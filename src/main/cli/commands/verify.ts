import { cliErrors } from '../../../shared/error-catalogue/cli';
import { isAppError, type Locale } from '../../../shared/errors';
import type { RemoteState, ScanResult, Verdict } from '../../../shared/verification-contract';
import type { Actor } from '../../supervisors/actor';
import type { ScanOptions, VerificationEngine } from '../../verification';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';

/** One line of `verify` output. `verdict` is the final one (after codeactivequery, or the local one marked offline); null when refused. */
export interface VerifyLine {
  input: string;
  verdict: Verdict | null;
  reason: { code: string; message: string } | null;
  application_id: number | null;
  code_index: number | null;
  remote: RemoteState | null;
}

/** Scans whose confirmations may be in flight at once with `--stdin` (output stays in input order). */
const WINDOW = 64;

export const verifyCommand: CliCommand = {
  path: ['verify'],
  usage: 'marketcode verify <text> | --stdin [--product EAN] [--local]',
  summary: {
    'zh-CN': '校验扫码内容（与工位同一引擎和会话规则），输出 JSON；--stdin 每行一个',
    en: 'Verify scanned text (same engine and session rules as the station) as JSON; --stdin: one per line',
  },
  options: { stdin: { type: 'boolean' }, product: { type: 'string' }, local: { type: 'boolean' } },
  async run(context, values, positionals) {
    const product = typeof values.product === 'string' ? values.product.trim() : undefined;
    if (product !== undefined && !/^\d{8}$|^\d{13}$/.test(product)) {
      throw cliErrors.CLI_BAD_ARGUMENT({
        argument: '--product',
        given: product,
        want: { zh: '8 或 13 位 EAN 条码', en: 'an 8- or 13-digit EAN' },
      });
    }
    const fromStdin = values.stdin === true;
    if (fromStdin ? positionals.length > 0 : positionals.length !== 1) {
      throw cliErrors.CLI_BAD_ARGUMENT({
        argument: '<text>',
        given: positionals.join(' '),
        want: { zh: '一段扫码内容，或使用 --stdin', en: 'one scanned text, or --stdin' },
      });
    }
    // --product checks outside the station's session, against that product; otherwise the open session (if any) applies.
    const scanOptions: ScanOptions = {
      ...(product === undefined ? {} : { session: 'none' as const, product_code: product }),
      confirm: values.local !== true,
    };
    return withApp(context, async (app) => {
      const engine = app.services.verification;
      const verify = (input: string) => verifyOne(engine, input, app.actorFor('verify.scan'), scanOptions, context.locale);
      if (!fromStdin) {
        const line = await verify(positionals[0]!);
        context.io.stdout(JSON.stringify(line) + '\n');
        return line.verdict === 'PASS' ? 0 : 1;
      }
      let allPassed = true;
      const window: Promise<VerifyLine>[] = [];
      const flush = async () => {
        const line = await window.shift()!;
        if (line.verdict !== 'PASS') allPassed = false;
        context.io.stdout(JSON.stringify(line) + '\n');
      };
      for await (const raw of lines(context.io.stdin ?? processStdin())) {
        const input = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (input.trim() === '') continue;
        // Scans are recorded in input order (duplicates and sessions depend on it); confirmations overlap.
        window.push(verify(input));
        if (window.length >= WINDOW) await flush();
      }
      while (window.length > 0) await flush();
      return allPassed ? 0 : 1;
    });
  },
};

async function verifyOne(
  engine: VerificationEngine,
  input: string,
  actor: Actor,
  options: ScanOptions,
  locale: Locale,
): Promise<VerifyLine> {
  let result: ScanResult;
  try {
    result = engine.scan(input, 'cli', actor, options);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return {
      input,
      verdict: null,
      reason: { code: error.code, message: error.localized[locale].message },
      application_id: null,
      code_index: null,
      remote: null,
    };
  }
  const final = options.confirm === false ? result : await engine.settled(result.id);
  return {
    input,
    verdict: final.verdict,
    reason: final.reason ? { code: final.reason.code, message: final.reason.localized[locale].message } : null,
    application_id: final.application_id,
    code_index: final.code_index,
    remote: final.remote,
  };
}

/** Lines of a text stream (LF or CRLF; the CR is left for the caller). */
async function* lines(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      yield buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  }
  if (buffer.length > 0) yield buffer;
}

function processStdin(): AsyncIterable<string> {
  process.stdin.setEncoding('utf8');
  return process.stdin as AsyncIterable<string>;
}
