import { useId } from 'react';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH } from '@shared/validation/pin-rules';
import { useT } from '@renderer/i18n/use-t';
import { useSupervisorStore } from '@renderer/store/supervisor-store';
import { ChangePinForm } from './ChangePinForm';

/**
 * Shown at once when a supervisor unlocked with a PIN shorter than new PINs must be: main refuses
 * their supervisor actions until the PIN is changed, so the form comes first. Locking is the way out.
 */
export function PinChangeDialog({ name }: { name: string }) {
  const t = useT();
  const titleId = useId();
  const lock = useSupervisorStore((state) => state.lock);
  return (
    <div className="modal-backdrop">
      <div className="unlock-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="pin-change-dialog">
        <h2 id={titleId}>{t('supervisor.pinChange.title')}</h2>
        <p>{t('supervisor.pinChange.why', { name, min: PIN_MIN_LENGTH, max: PIN_MAX_LENGTH })}</p>
        <ChangePinForm names={[name]} />
        <div className="actions">
          <button type="button" className="button" onClick={() => void lock()}>
            {t('supervisor.pinChange.lock')}
          </button>
        </div>
      </div>
    </div>
  );
}
