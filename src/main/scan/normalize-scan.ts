/**
 * What a scanner typed, cleaned up and classified (DESIGN section 5): trim,
 * strip an AIM symbology prefix (`]Q1`, `]C0`, …) and `http(s)://`, upper-case,
 * then a 28-character `code_url`, a 9-character `code`, or invalid.
 */
export type NormalizedScan = { kind: 'code_url'; value: string } | { kind: 'code'; value: string } | { kind: 'invalid'; value: string };

const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
const URL_SCHEME = /^https?:\/\//i;
const QR_ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/;
export const CODE_URL_LENGTH = 28;
export const CODE_LENGTH = 9;

export function normalizeScan(raw: string): NormalizedScan {
  let value = raw.replace(/[\r\n\t]+/g, '').trim();
  value = value.replace(AIM_PREFIX, '').trim();
  value = value.replace(URL_SCHEME, '').toUpperCase();
  if (value.length === CODE_URL_LENGTH && QR_ALPHANUMERIC.test(value) && !value.includes(' ')) return { kind: 'code_url', value };
  if (value.length === CODE_LENGTH && QR_ALPHANUMERIC.test(value) && !value.includes(' ')) return { kind: 'code', value };
  return { kind: 'invalid', value };
}
