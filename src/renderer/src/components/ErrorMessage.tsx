import type { AppErrorPayload } from '@shared/errors';
import { useLocale } from '../store/app-store';

/** Shows main's error in the user's language: what happened, then what to do. */
export function ErrorMessage({ error }: { error: AppErrorPayload }) {
  const locale = useLocale();
  const text = error.localized[locale];
  return (
    <div className="error-message" data-error-code={error.code}>
      <p className="error-message__what">{text.message}</p>
      {text.hint ? <p className="error-message__hint">{text.hint}</p> : null}
    </div>
  );
}
