import { useMemo } from 'react';
import type { Locale } from '@shared/errors';
import type { Translate } from '@renderer/i18n';
import { useT } from '@renderer/i18n/use-t';
import { useLocale } from '@renderer/store/app-store';

export interface Formatters {
  /** 20000 → "20,000". */
  count(value: number): string;
  /** An inclusive index range, "0–9,999". */
  range(start: number, end: number): string;
  /** An ISO time as local date and time. */
  dateTime(iso: string): string;
  /** An ISO time as local time of day. */
  time(iso: string): string;
  /** Seconds as "1 min 20 s" (rounded up to whole seconds). */
  duration(seconds: number): string;
}

export function formatters(locale: Locale, t: Translate): Formatters {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  const count = (value: number) => number.format(value);
  const safe = (format: Intl.DateTimeFormat, iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : format.format(date);
  };
  return {
    count,
    range: (start, end) => t('batches.range', { start: count(start), end: count(end) }),
    dateTime: (iso) => safe(dateTime, iso),
    time: (iso) => safe(time, iso),
    duration(seconds) {
      const total = Math.max(0, Math.ceil(seconds));
      const h = Math.floor(total / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      if (h > 0) return t('batches.duration.hours', { h, m });
      if (m > 0) return t('batches.duration.minutes', { m, s });
      return t('batches.duration.seconds', { s });
    },
  };
}

export function useFormat(): Formatters {
  const locale = useLocale();
  const t = useT();
  return useMemo(() => formatters(locale, t), [locale, t]);
}
