import { useId } from 'react';
import type { AppMode } from '@shared/contract';
import { useT } from '@renderer/i18n/use-t';
import { useSupervisorStore } from '@renderer/store/supervisor-store';

/**
 * Whether this station may change the connection now: `editable` while a supervisor is unlocked
 * (or before main said who is there: main refuses anyway), else why not.
 */
export function useConnectionAccess(): { editable: true } | { editable: false; reason: 'locked' | 'setupNeeded' } {
  const status = useSupervisorStore((state) => state.status);
  if (!status || status.unlocked !== null) return { editable: true };
  return { editable: false, reason: status.setupNeeded ? 'setupNeeded' : 'locked' };
}

/** Instead of a form that fails on save: a supervisor must unlock (or be set up) first. */
export function ConnectionLocked({ reason }: { reason: 'locked' | 'setupNeeded' }) {
  const t = useT();
  const openUnlock = useSupervisorStore((state) => state.openUnlock);
  return (
    <div className="connection__locked" data-testid="connection-locked" role="status">
      <p>{t(reason === 'locked' ? 'connection.locked' : 'connection.lockedSetup')}</p>
      {reason === 'locked' ? (
        <button type="button" className="button button--primary" onClick={() => void openUnlock()}>
          {t('connection.unlock')}
        </button>
      ) : null}
    </div>
  );
}

/** Switching Training ↔ Live says what changes, and goes ahead only when confirmed. */
export function ModeSwitchConfirm({
  to,
  target,
  busy,
  onConfirm,
  onCancel,
}: {
  to: AppMode;
  /** Where Live will talk to (the service address). */
  target: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const titleId = useId();
  const live = to === 'live';
  return (
    <div className="card connection__confirm" role="alertdialog" aria-labelledby={titleId} data-testid="mode-switch-confirm">
      <h3 id={titleId}>{t(live ? 'connection.confirmLive.title' : 'connection.confirmTraining.title')}</h3>
      <p>{live ? t('connection.confirmLive.body', { target }) : t('connection.confirmTraining.body')}</p>
      <div className="actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={onConfirm}>
          {t(live ? 'connection.confirmLive.action' : 'connection.confirmTraining.action')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onCancel}>
          {t('connection.confirmCancel')}
        </button>
      </div>
    </div>
  );
}
