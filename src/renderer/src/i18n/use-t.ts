import { useMemo } from 'react';
import { useLocale } from '../store/app-store';
import { translator, type Translate } from '.';

export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}
