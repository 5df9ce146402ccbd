import type { AppErrorPayload } from '@shared/errors';
import { ErrorMessage } from './ErrorMessage';

/** A list or screen that could not load: main's translated refusal and a button to load it again. */
export function LoadFailed({ error, reloadLabel, onReload }: { error: AppErrorPayload; reloadLabel: string; onReload: () => void }) {
  return (
    <div className="card">
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="button" onClick={onReload}>
          {reloadLabel}
        </button>
      </div>
    </div>
  );
}
