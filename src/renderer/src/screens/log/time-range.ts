/** The Log's time filter: quick picks in the station's local time, or a custom from/to. */
export const RANGE_PICKS = ['shift', 'today', 'yesterday', 'custom'] as const;
export type RangePick = (typeof RANGE_PICKS)[number];

/** "This shift" is the last eight hours: shifts differ per plant, eight hours covers the one on now. */
export const SHIFT_HOURS = 8;

/** ISO instants; an absent bound is open. */
export interface TimeRange {
  from?: string;
  to?: string;
}

export interface CustomRange {
  /** `<input type="datetime-local">` values (local time, `YYYY-MM-DDTHH:mm`), or ''. */
  from: string;
  to: string;
}

export function resolveRange(pick: RangePick, now: Date, custom: CustomRange): TimeRange {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  // Built from calendar parts (not ±24 h) so a daylight-saving day still runs midnight to midnight.
  const dayAfter = (day: Date, days: number) => new Date(day.getFullYear(), day.getMonth(), day.getDate() + days);
  switch (pick) {
    case 'shift':
      return { from: new Date(now.getTime() - SHIFT_HOURS * 3_600_000).toISOString() };
    case 'today':
      return { from: midnight.toISOString(), to: dayAfter(midnight, 1).toISOString() };
    case 'yesterday':
      return { from: dayAfter(midnight, -1).toISOString(), to: midnight.toISOString() };
    case 'custom':
      return { ...localInstant('from', custom.from), ...localInstant('to', custom.to) };
  }
}

function localInstant<K extends 'from' | 'to'>(key: K, value: string): Partial<Record<K, string>> {
  if (!value) return {};
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? {} : ({ [key]: date.toISOString() } as Partial<Record<K, string>>);
}

/** The report's period: an open end is now; undefined without a start, or when the end is not after it. */
export function reportPeriod(range: TimeRange, now: Date): { from: string; to: string } | undefined {
  if (!range.from) return undefined;
  const to = range.to ?? now.toISOString();
  return Date.parse(to) > Date.parse(range.from) ? { from: range.from, to } : undefined;
}
