/**
 * Who may talk to the browser harness (a test tool, never part of the app):
 * only its own page. Every HTTP request and WebSocket upgrade is decided here
 * from plain facts; harness-server.ts gathers them and answers 403 otherwise.
 *
 * - Host must be the harness's own `127.0.0.1:<port>` (a DNS-rebound name is refused).
 * - Origin, when sent, must be the harness's own; calls and the event socket must send it (browsers always do).
 * - Sec-Fetch-Site, when sent, must be same-origin or none (a typed URL): a foreign page's <script>/<img> is refused.
 * - The per-run token: a header on calls, a WebSocket subprotocol on the socket (never ambient credentials);
 *   the query of the first page load or the cookie that load set for the page's own files.
 */
import { timingSafeEqual } from 'node:crypto';
import { SOCKET_PROTOCOL } from './harness-protocol';

export type HarnessRequestKind = 'invoke' | 'socket' | 'file';

export interface HarnessRequestFacts {
  kind: HarnessRequestKind;
  /** `127.0.0.1:<port>`. */
  ownHost: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /** The token as each carrier presented it (undefined when absent). */
  headerToken: string | undefined;
  subprotocolToken: string | undefined;
  queryToken: string | undefined;
  cookieToken: string | undefined;
  expectedToken: string;
}

export type HarnessAccess = { allowed: true } | { allowed: false; reason: string };

export function harnessAccess(facts: HarnessRequestFacts): HarnessAccess {
  if (facts.host !== facts.ownHost) return { allowed: false, reason: 'foreign Host' };
  if (facts.origin !== undefined && facts.origin !== `http://${facts.ownHost}`) return { allowed: false, reason: 'foreign Origin' };
  if (facts.secFetchSite !== undefined && facts.secFetchSite !== 'same-origin' && facts.secFetchSite !== 'none') {
    return { allowed: false, reason: `cross-site request (${facts.secFetchSite})` };
  }
  if (facts.kind !== 'file' && facts.origin === undefined) return { allowed: false, reason: 'no Origin' };
  const presented = tokenFor(facts);
  if (presented === undefined) return { allowed: false, reason: 'no token' };
  if (!sameToken(presented, facts.expectedToken)) return { allowed: false, reason: 'wrong token' };
  return { allowed: true };
}

/** Calls and the socket carry the token explicitly; only the page's own file loads may rely on the cookie. */
function tokenFor(facts: HarnessRequestFacts): string | undefined {
  if (facts.kind === 'invoke') return facts.headerToken;
  if (facts.kind === 'socket') return facts.subprotocolToken;
  return facts.queryToken ?? facts.cookieToken;
}

function sameToken(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The WebSocket subprotocol that carries the token: `mc-harness.<token>`, offered beside plain `mc-harness`. */
export function tokenFromSubprotocols(header: string | undefined): string | undefined {
  const offered = (header ?? '').split(',').map((value) => value.trim());
  const carrier = offered.find((value) => value.startsWith(`${SOCKET_PROTOCOL}.`));
  return carrier?.slice(SOCKET_PROTOCOL.length + 1);
}

export function tokenFromCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
