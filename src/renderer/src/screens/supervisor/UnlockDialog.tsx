import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AppErrorPayload } from '@shared/errors';
import { DEFAULT_UNLOCK_MINUTES } from '@shared/supervisors-contract';
import { PIN_MAX_LENGTH } from '@shared/validation/pin-rules';
import { SubmitButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { FormField } from '@renderer/components/FormField';
import { Segmented } from '@renderer/components/Segmented';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useAppStore, useLocale } from '@renderer/store/app-store';
import { useSupervisorStore } from '@renderer/store/supervisor-store';
import { PinPad } from './PinPad';
import { pinProblem } from './problems';

/**
 * The unlock dialog: who (active supervisors), then the PIN on a big on-screen
 * pad (touch) or the keyboard (digits, Backspace, Enter, Escape).
 */
export function UnlockDialog({ reason }: { reason: AppErrorPayload | undefined }) {
  const t = useT();
  const locale = useLocale();
  const titleId = useId();
  const status = useSupervisorStore((state) => state.status);
  const unlock = useSupervisorStore((state) => state.unlock);
  const cancel = useSupervisorStore((state) => state.cancelUnlock);
  const minutes = useAppStore((state) => state.settings?.supervisorUnlockMinutes ?? DEFAULT_UNLOCK_MINUTES);
  const active = (status?.supervisors ?? []).filter((supervisor) => !supervisor.disabled);
  const [name, setName] = useState(() => status?.unlocked?.name ?? active[0]?.name ?? '');
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const action = useAction();
  const { busy, error } = action;
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const edit = (next: string) => {
    setPin(next.replace(/\D/g, '').slice(0, PIN_MAX_LENGTH));
    setProblem(undefined);
    action.clearError();
  };

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    const found = pinProblem(pin, t, 'entered');
    if (found) {
      setProblem(found);
      return;
    }
    const unlocked = await action.run(() => unlock(name, pin));
    if (!unlocked.ok) {
      setPin('');
      input.current?.focus();
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    }
  }

  return (
    <div className="modal-backdrop" onKeyDown={onKeyDown}>
      <form
        className="unlock-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="unlock-dialog"
        onSubmit={(event) => void submit(event)}
        noValidate
      >
        <h2 id={titleId}>{t('supervisor.unlock.title')}</h2>
        {reason ? (
          <div className="unlock-dialog__reason" data-testid="unlock-reason">
            <p>{reason.localized[locale].message}</p>
            <p className="muted">{t('supervisor.unlock.retryNote')}</p>
          </div>
        ) : null}

        <div className="form-row">
          <span className="form-field__label">{t('supervisor.unlock.who')}</span>
          <Segmented
            label={t('supervisor.unlock.who')}
            options={active.map((supervisor) => ({ value: supervisor.name, label: supervisor.name }))}
            value={name}
            onChange={(picked) => {
              setName(picked);
              action.clearError();
              input.current?.focus();
            }}
          />
        </div>

        <FormField className="unlock-dialog__pin" label={t('supervisor.unlock.pin')} problem={problem}>
          <input
            ref={input}
            name="pin"
            type="password"
            // The on-screen pad replaces the touch keyboard; a real keyboard still types.
            inputMode="none"
            autoComplete="off"
            maxLength={PIN_MAX_LENGTH}
            value={pin}
            aria-invalid={problem ? true : undefined}
            onChange={(event) => edit(event.target.value)}
          />
        </FormField>

        <PinPad pin={pin} busy={busy} onEdit={edit} />

        <div className="unlock-dialog__status" aria-live="polite">
          {error ? <ErrorMessage error={error} /> : <p className="muted">{t('supervisor.unlock.lasts', { minutes })}</p>}
        </div>

        <div className="actions unlock-dialog__actions">
          <button type="button" className="button" onClick={cancel}>
            {t('supervisor.unlock.cancel')}
          </button>
          <SubmitButton
            busy={busy}
            disabled={name === ''}
            label={t('supervisor.unlock.submit')}
            busyLabel={t('supervisor.unlock.submitting')}
          />
        </div>
      </form>
    </div>
  );
}
