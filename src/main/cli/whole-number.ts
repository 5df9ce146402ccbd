/**
 * The CLI's one rule for counts, indexes and ids typed on the command line (every command reads them here).
 *
 * Only plain decimal digits are a number: `1e5`, `0x186A0`, `100000.0`, `+5`, `-1` and ` 5` are refused, although
 * JavaScript's Number() would accept most of them. A number beyond 2^53 − 1 cannot be held exactly, so it is refused
 * (`wholeNumberArgument`) or, for an application reference, kept as the exact text (`applicationReference`).
 */
import type { AppError } from '../../shared/errors';
import { cliErrors } from '../../shared/error-catalogue/cli';

export type WholeNumberReading = { ok: true; value: number } | { ok: false; problem: 'missing' | 'notDigits' | 'tooLarge' };

/** Reads `text` as a whole decimal number ≥ 0 (pure; the table in test/unit/cli/whole-number.test.ts). */
export function readWholeNumber(text: string | boolean | undefined): WholeNumberReading {
  if (typeof text !== 'string' || text === '') return { ok: false, problem: 'missing' };
  if (!/^[0-9]+$/.test(text)) return { ok: false, problem: 'notDigits' };
  // Compared as text (leading zeros dropped) so a 30-digit id is never rounded on the way.
  const digits = text.replace(/^0+(?=.)/, '');
  const max = String(Number.MAX_SAFE_INTEGER);
  if (digits.length > max.length || (digits.length === max.length && digits > max)) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value: Number(digits) };
}

/** `argument`'s value as a whole number in [min, max], or the translated CLI_BAD_ARGUMENT saying what is wanted. */
export function wholeNumberArgument(
  argument: string,
  text: string | boolean | undefined,
  range: { min?: number; max?: number } = {},
): number {
  const reading = readWholeNumber(text);
  const min = range.min ?? 0;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (reading.ok && reading.value >= min && reading.value <= max) return reading.value;
  throw badWholeNumber(argument, typeof text === 'string' ? text : '', min, max);
}

/** `581865877` (digits that fit exactly) is an application_id; any other text, longer digit runs too, an isv_application_id kept as typed. */
export function applicationReference(text: string): string | number {
  const reading = readWholeNumber(text);
  return reading.ok ? reading.value : text;
}

function badWholeNumber(argument: string, given: string, min: number, max: number): AppError {
  const en = (n: number) => n.toLocaleString('en-US');
  const zh = (n: number) => n.toLocaleString('zh-CN');
  return cliErrors.CLI_BAD_ARGUMENT({
    argument,
    given,
    want: {
      en: `a whole number from ${en(min)} to ${en(max)}, in plain digits (no exponent, hex, sign or decimal point)`,
      zh: `${zh(min)} 到 ${zh(max)} 之间的整数，只用数字书写（不带指数、十六进制、正负号或小数点）`,
    },
  });
}
