/**
 * Rules for connection fields, shared so the renderer can explain a bad value
 * in the user's language before main (which enforces the same rules) sees it.
 */
export const APPID_PATTERN = /^wx[0-9a-f]{16}$/i;
/** The service key is used as AES-128 key and IV: exactly 16 printable ASCII bytes. */
export const SERVICE_KEY_PATTERN = /^[\x21-\x7e]{16}$/;

export type ConnectionFieldProblem = 'required' | 'appidFormat' | 'serviceKeyFormat' | 'urlFormat' | 'tooLong' | 'insecureUrl';

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

/** Hosts that never leave this PC: the only ones Live may reach over plain http (the simulator, tests). */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '[::1]', 'localhost'];

/** Why a URL may not carry Live traffic (DESIGN §6), with its scheme and host for the message. */
export type LiveUrlProblem =
  | { problem: 'notUrl' }
  | { problem: 'insecureScheme'; scheme: string; host: string };

/**
 * Live talks `https` only: the app secret, tokens and codes cross that connection.
 * Plain `http` is allowed to a loopback host, where nothing crosses a network.
 * Undefined when the URL may be used.
 */
export function liveUrlProblem(value: string): LiveUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { problem: 'notUrl' };
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname.toLowerCase())) return undefined;
  return { problem: 'insecureScheme', scheme: url.protocol.replace(/:$/, ''), host: url.hostname };
}

/** An address Live will use: a URL (checkHttpUrl), and https unless it is loopback (liveUrlProblem). */
export function checkLiveUrl(value: string): ConnectionFieldProblem | undefined {
  return checkHttpUrl(value) ?? (liveUrlProblem(value) ? 'insecureUrl' : undefined);
}
