import { randomBytes } from 'node:crypto';
import { ERRCODE, WechatError } from './errcodes';
import type { AccountRow, SimulatorStore, TokenSource } from './store';
import { optionalBoolean, type JsonObject } from './validation';

/**
 * Access tokens as WeChat issues them: `/cgi-bin/token` mints a new token on every
 * call, `/cgi-bin/stable_token` returns the current one until its last five
 * minutes begin or `force_refresh` is set. As on WeChat, a newer token leaves
 * the previous ones of the same kind valid for five more minutes, so concurrent
 * clients don't invalidate each other outright.
 */

export interface TokenGrant {
  access_token: string;
  expires_in: number;
}

const REISSUE_GRACE_MS = 5 * 60_000;
/** stable_token's documented limit on `force_refresh`: 20 a day per account (then 45009). */
export const FORCED_REFRESHES_PER_DAY = 20;
const DAY_MS = 86_400_000;
/** WeChat's days start at 00:00 Beijing time. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** Expired tokens are remembered this long so they answer 42001 (expired), not 40001. */
const EXPIRED_MEMORY_MS = 24 * 3_600_000;

export class TokenService {
  /** Forced refreshes per appid in the current Beijing day. */
  private readonly forced = new Map<string, { day: number; count: number }>();

  constructor(
    private readonly store: SimulatorStore,
    private readonly now: () => number,
    private readonly ttlSeconds: number,
  ) {}

  /** `GET /cgi-bin/token?grant_type=client_credential&appid=&secret=` */
  issueFromQuery(query: URLSearchParams): TokenGrant {
    const account = this.checkCredentials(query.get('grant_type'), query.get('appid'), query.get('secret'));
    return this.issue(account.appid, 'token');
  }

  /** `POST /cgi-bin/stable_token` with `{grant_type, appid, secret, force_refresh?}` */
  issueStable(body: JsonObject): TokenGrant {
    const text = (field: string): string | null => {
      const value = body[field];
      return typeof value === 'string' ? value : null;
    };
    const account = this.checkCredentials(text('grant_type'), text('appid'), text('secret'));
    const forceRefresh = optionalBoolean(body, 'force_refresh') ?? false;
    if (forceRefresh) this.countForcedRefresh(account.appid);
    if (!forceRefresh) {
      // WeChat renews a stable token in its last five minutes: a call then gets a new
      // token, and the old one lives out its remaining time (issue() never lengthens it).
      // A lifetime configured shorter than ten minutes renews in its second half.
      const renewWindowMs = Math.min(REISSUE_GRACE_MS, (this.ttlSeconds * 1000) / 2);
      const current = this.store.newestValidToken(account.appid, 'stable', this.now() + renewWindowMs);
      if (current) {
        return {
          access_token: current.token,
          expires_in: Math.max(1, Math.ceil((current.expires_at - this.now()) / 1000)),
        };
      }
    }
    return this.issue(account.appid, 'stable');
  }

  /** The account behind `access_token`, or the errcode WeChat would answer. */
  authenticate(accessToken: string | null): AccountRow {
    if (accessToken === null || accessToken === '') {
      throw new WechatError(ERRCODE.ACCESS_TOKEN_MISSING, 'access_token missing');
    }
    const row = this.store.findToken(accessToken);
    if (!row) {
      throw new WechatError(ERRCODE.INVALID_CREDENTIAL, 'invalid credential, access_token is invalid or not latest');
    }
    if (row.expires_at <= this.now()) {
      throw new WechatError(ERRCODE.ACCESS_TOKEN_EXPIRED, 'access_token expired');
    }
    const account = this.store.findAccount(row.appid);
    if (!account) throw new WechatError(ERRCODE.INVALID_CREDENTIAL, 'invalid credential, account no longer exists');
    return account;
  }

  /** Counts one forced refresh; the 21st of a day is refused with 45009 as WeChat does. */
  private countForcedRefresh(appid: string): void {
    const day = Math.floor((this.now() + BEIJING_OFFSET_MS) / DAY_MS);
    const current = this.forced.get(appid);
    const count = current && current.day === day ? current.count : 0;
    if (count >= FORCED_REFRESHES_PER_DAY) throw new WechatError(ERRCODE.QUOTA_LIMIT, 'reach max api daily quota limit');
    this.forced.set(appid, { day, count: count + 1 });
  }

  expireAll(): void {
    this.store.expireAllTokens(this.now());
  }

  private checkCredentials(grantType: string | null, appid: string | null, secret: string | null): AccountRow {
    if (grantType !== 'client_credential') throw new WechatError(ERRCODE.INVALID_GRANT_TYPE, 'invalid grant_type');
    if (!appid) throw new WechatError(ERRCODE.APPID_MISSING, 'appid missing');
    if (!secret) throw new WechatError(ERRCODE.APPSECRET_MISSING, 'appsecret missing');
    const account = this.store.findAccount(appid);
    if (!account) throw new WechatError(ERRCODE.INVALID_APPID, `invalid appid ${appid}`);
    if (account.secret !== secret) {
      throw new WechatError(ERRCODE.INVALID_APPSECRET, 'invalid appsecret');
    }
    return account;
  }

  private issue(appid: string, source: TokenSource): TokenGrant {
    const now = this.now();
    this.store.pruneTokens(now - EXPIRED_MEMORY_MS);
    this.store.capTokens(appid, source, now + REISSUE_GRACE_MS);
    const token = `SIM_${randomBytes(60).toString('base64url')}`;
    this.store.insertToken({ token, appid, source, issued_at: now, expires_at: now + this.ttlSeconds * 1000 });
    return { access_token: token, expires_in: this.ttlSeconds };
  }
}
