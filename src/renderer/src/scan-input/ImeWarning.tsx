import { useT } from '../i18n/use-t';

/** "An input method is active": shown by every scan flow while an IME composes or its output shows up in scans. */
export function ImeWarning({ className, testId }: { className: string; testId: string }) {
  const t = useT();
  return (
    <p className={className} role="alert" data-testid={testId}>
      {t('scanInput.ime')}
    </p>
  );
}
