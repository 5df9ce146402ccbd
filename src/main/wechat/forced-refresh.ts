/**
 * How often the station may force `stable_token` to hand out a new token: WeChat allows
 * `force_refresh` 20 times a day per account, 30 s apart, and answers 45009 beyond that
 * (DESIGN §2). The station stays inside the limit by itself rather than finding it, so a
 * loop of rejected tokens can never burn the day's refreshes. Pure: history in, wait out.
 */
import { msUntilDailyQuotaReset } from './quota';

export const FORCED_REFRESHES_PER_DAY = 20;
export const FORCED_REFRESH_SPACING_MS = 30_000;

const DAY_MS = 86_400_000;
/** WeChat's daily counts reset at 00:00 Beijing time (UTC+8). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

function beijingDay(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);
}

/**
 * 0 when a forced refresh may be sent now, else how long to wait: until 30 s after the
 * last one, or until midnight in Beijing once today's 20 are used. `history` holds the
 * times of earlier forced refreshes (any order).
 */
export function forcedRefreshWaitMs(history: readonly number[], nowMs: number): number {
  const today = history.filter((at) => beijingDay(at) === beijingDay(nowMs));
  if (today.length >= FORCED_REFRESHES_PER_DAY) return msUntilDailyQuotaReset(nowMs);
  const last = Math.max(-Infinity, ...history);
  return Math.max(0, last + FORCED_REFRESH_SPACING_MS - nowMs);
}

/** The history worth keeping: today's refreshes (older ones never count again). */
export function recentForcedRefreshes(history: readonly number[], nowMs: number): number[] {
  return history.filter((at) => beijingDay(at) === beijingDay(nowMs));
}
