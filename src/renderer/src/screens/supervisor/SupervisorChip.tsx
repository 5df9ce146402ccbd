import { useT } from '@renderer/i18n/use-t';
import { useSupervisorStore } from '@renderer/store/supervisor-store';
import { minutesLeft, useNow } from './use-now';

/** In the nav footer: who is unlocked and for how long, with Lock; or Unlock. */
export function SupervisorChip() {
  const t = useT();
  const status = useSupervisorStore((state) => state.status);
  const lock = useSupervisorStore((state) => state.lock);
  const openUnlock = useSupervisorStore((state) => state.openUnlock);
  const statusAt = useSupervisorStore((state) => state.statusAt);
  const now = Math.max(useNow(5_000), statusAt);
  if (!status || status.setupNeeded) return null;

  const unlocked = status.unlocked;
  const minutes = unlocked ? minutesLeft(unlocked.until, now) : 0;
  if (unlocked && minutes > 0) {
    return (
      <div className="supervisor-chip supervisor-chip--unlocked" data-testid="supervisor-chip" data-state="unlocked">
        <span className="supervisor-chip__text">{t('supervisor.chip.unlocked', { name: unlocked.name, minutes })}</span>
        <button type="button" className="supervisor-chip__button" onClick={() => void lock()}>
          {t('supervisor.chip.lock')}
        </button>
      </div>
    );
  }
  return (
    <div className="supervisor-chip" data-testid="supervisor-chip" data-state="locked">
      <span className="supervisor-chip__text">{t('supervisor.chip.locked')}</span>
      <button type="button" className="supervisor-chip__button" onClick={() => void openUnlock()}>
        {t('supervisor.chip.unlock')}
      </button>
    </div>
  );
}
