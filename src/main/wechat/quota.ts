/**
 * WeChat's API quotas. Two errcodes mean "you have called too much": 45009 (the
 * daily count for this API is used up) and 45011 (too many calls this minute).
 * Retrying within seconds only burns more of the quota, so a quota error says
 * how long to wait instead (`retryAfterMs`).
 */

export const DAILY_QUOTA_ERRCODE = 45009;
export const MINUTE_QUOTA_ERRCODE = 45011;

export function isQuotaErrcode(errcode: number): boolean {
  return errcode === DAILY_QUOTA_ERRCODE || errcode === MINUTE_QUOTA_ERRCODE;
}

const DAY_MS = 86_400_000;
/** Daily counts reset at 00:00 Beijing time (UTC+8, no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Milliseconds from `nowMs` to the next 00:00 in Beijing, when daily quotas reset. */
export function msUntilDailyQuotaReset(nowMs: number): number {
  const beijing = nowMs + BEIJING_OFFSET_MS;
  const nextMidnight = (Math.floor(beijing / DAY_MS) + 1) * DAY_MS;
  return nextMidnight - beijing;
}

/** How long a caller should wait after a quota errcode; undefined for any other errcode. */
export function quotaRetryAfterMs(errcode: number, nowMs: number, minuteQuotaDelayMs: number): number | undefined {
  if (errcode === DAILY_QUOTA_ERRCODE) return msUntilDailyQuotaReset(nowMs);
  if (errcode === MINUTE_QUOTA_ERRCODE) return minuteQuotaDelayMs;
  return undefined;
}
