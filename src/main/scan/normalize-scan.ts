/**
 * What a scanner typed, cleaned up and classified (DESIGN section 5): drop
 * control characters (CR/LF/Tab terminators, NUL padding, GS) and invisible
 * marks, fold full-width characters (a Chinese IME in full-width mode types
 * `ｈｔｔｐ：／／`), trim, strip an AIM symbology prefix (`]Q1`, `]C0`, …) and
 * `http(s)://`, upper-case, then classify as a 28-character `code_url`, a
 * 9-character `code`, or invalid. Pure and allocation-light: it runs on every scan.
 */
export type ScanKind = 'code_url' | 'code' | 'invalid';
export type NormalizedScan = { kind: 'code_url'; value: string } | { kind: 'code'; value: string } | { kind: 'invalid'; value: string };

/** `]` + symbology letter + modifier character (ISO/IEC 15424). */
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
const URL_SCHEME = /^https?:\/\//i;
/** QR alphanumeric characters except the space (a code never contains one). */
const CODE_CHARACTERS = /^[0-9A-Z$%*+\-./:]+$/;
/** C0 controls and DEL (terminators, padding), plus zero-width marks and the BOM. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f\u200b-\u200d\u2060\ufeff]/g;
// eslint-disable-next-line no-control-regex -- the ASCII range, to skip NFKC on plain input
const NON_ASCII = /[^\u0000-\u007f]/;
export const CODE_URL_LENGTH = 28;
export const CODE_LENGTH = 9;
/** Longest cleaned-up text kept for an invalid scan (what is shown and stored). */
export const MAX_NORMALIZED_LENGTH = 512;

export function normalizeScan(raw: string): NormalizedScan {
  let value = raw.replace(INVISIBLE, '');
  if (NON_ASCII.test(value)) value = value.normalize('NFKC').replace(INVISIBLE, '');
  value = value.trim();
  value = value.replace(AIM_PREFIX, '').trim();
  value = value.replace(URL_SCHEME, '').toUpperCase();
  return classifyScan(value);
}

/** Classifies text that is already cleaned up (upper case, no prefix, no scheme). */
export function classifyScan(value: string): NormalizedScan {
  if (value.length === CODE_URL_LENGTH && CODE_CHARACTERS.test(value)) return { kind: 'code_url', value };
  if (value.length === CODE_LENGTH && CODE_CHARACTERS.test(value)) return { kind: 'code', value };
  return { kind: 'invalid', value: value.length > MAX_NORMALIZED_LENGTH ? value.slice(0, MAX_NORMALIZED_LENGTH) : value };
}
