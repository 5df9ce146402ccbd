import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (for "8 min left"). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Whole minutes left, rounded up (1 in the last minute), or 0 once the time is up. */
export function minutesLeft(until: string, now: number): number {
  const left = Date.parse(until) - now;
  return left > 0 ? Math.ceil(left / 60_000) : 0;
}
