/** The services this folder talks to, named as their URLs name them. */

export const MARKETCODE_ENDPOINTS = [
  'applycode',
  'applycodequery',
  'applycodedownload',
  'codeactive',
  'codeactivequery',
  'tickettocode',
] as const;
export type MarketcodeEndpoint = (typeof MARKETCODE_ENDPOINTS)[number];

/**
 * Where tokens come from: `stable_token` and `token` are WeChat's, `token_url`
 * is a plant's own token service, `pasted_token` is a token a person pasted.
 */
export type TokenEndpoint = 'stable_token' | 'token' | 'token_url' | 'pasted_token';

export type Endpoint = MarketcodeEndpoint | TokenEndpoint;

export function marketcodePath(endpoint: MarketcodeEndpoint): string {
  return `/intp/marketcode/${endpoint}`;
}

/** Strips the query (it may hold a token or a secret) so a URL can be shown or stored. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
