/** Wall-clock times in one time zone, in the shape Excel reads as a date and time. */
export interface LocalTime {
  zone: string;
  /** `2025-03-01 16:00:05`; the input as-is when it is not a valid instant. */
  format(iso: string): string;
  /** `20250301-1600`, for file names. */
  stamp(iso: string): string;
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function localTime(zone: string): LocalTime {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const parts = (iso: string): Record<string, string> | undefined => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return undefined;
    return Object.fromEntries(formatter.formatToParts(date).map((part) => [part.type, part.value]));
  };
  return {
    zone,
    format(iso) {
      const p = parts(iso);
      return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : iso;
    },
    stamp(iso) {
      const p = parts(iso);
      return p ? `${p.year}${p.month}${p.day}-${p.hour}${p.minute}` : 'unknown';
    },
  };
}
