/**
 * Rules for connection fields, shared so the renderer can explain a bad value
 * in the user's language before main (which enforces the same rules) sees it.
 */
export const APPID_PATTERN = /^wx[0-9a-f]{16}$/i;
/** The service key is used as AES-128 key and IV: exactly 16 printable ASCII bytes. */
export const SERVICE_KEY_PATTERN = /^[\x21-\x7e]{16}$/;

export type ConnectionFieldProblem = 'required' | 'appidFormat' | 'serviceKeyFormat' | 'urlFormat' | 'tooLong';

export function checkAppid(value: string): ConnectionFieldProblem | undefined {
  if (value.trim() === '') return 'required';
  return APPID_PATTERN.test(value.trim()) ? undefined : 'appidFormat';
}

export function checkServiceKey(value: string): ConnectionFieldProblem | undefined {
  if (value === '') return 'required';
  return SERVICE_KEY_PATTERN.test(value) ? undefined : 'serviceKeyFormat';
}

export function checkHttpUrl(value: string): ConnectionFieldProblem | undefined {
  if (value.trim() === '') return 'required';
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'urlFormat';
  } catch {
    return 'urlFormat';
  }
}

export function checkSecretText(value: string): ConnectionFieldProblem | undefined {
  if (value.trim() === '') return 'required';
  return value.length > 2048 ? 'tooLong' : undefined;
}
