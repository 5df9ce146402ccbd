import { useState } from 'react';
import type { ReconcileFinding, ReconcileRun, Repair } from '@shared/reconcile-contract';
import { SUPERVISOR_REQUIRED } from '@renderer/api/error-codes';
import { BusyButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useFormat } from '../batches/use-format';
import { useReconcile } from './use-reconcile';

/**
 * Reconcile with WeChat on the Activate screen: the last run, a button to run one
 * now, and each open finding with the repairs a supervisor may choose (docs/reconcile.md).
 */
export function ReconcileCard() {
  const t = useT();
  const { report, loadError, run, resolve } = useReconcile();
  const action = useAction({ silent: [SUPERVISOR_REQUIRED] });
  return (
    <section className="card reconcile" data-testid="reconcile-card" aria-label={t('reconcile.title')}>
      <h2>{t('reconcile.title')}</h2>
      <p className="muted">{t('reconcile.intro')}</p>
      {loadError ? <ErrorMessage error={loadError} /> : null}
      {report ? <LastRun run={report.run} /> : null}
      <div className="actions">
        <BusyButton
          className="button button--primary"
          data-testid="reconcile-run"
          busy={action.busy}
          label={t('reconcile.run')}
          busyLabel={t('reconcile.running')}
          onClick={() => void action.run(run)}
        />
      </div>
      {action.error ? <ErrorMessage error={action.error} /> : null}
      {report && report.open.length === 0 ? (
        <p className="ok-text" data-testid="reconcile-none">
          {t('reconcile.none')}
        </p>
      ) : null}
      {report && report.open.length > 0 ? (
        <ul className="reconcile-findings">
          {report.open.map((finding) => (
            <FindingItem key={finding.id} finding={finding} onRepair={resolve} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function LastRun({ run }: { run: ReconcileRun | null }) {
  const t = useT();
  const format = useFormat();
  if (!run?.finished_at || !run.outcome) return <p className="muted">{t('reconcile.never')}</p>;
  const outcome = t(`reconcile.outcome.${run.outcome}`, { left: format.count(run.left_for_next_run) });
  return (
    <div data-testid="reconcile-last" data-outcome={run.outcome}>
      <p className="muted">
        {t('reconcile.last', {
          time: format.dateTime(run.finished_at),
          trigger: t(`reconcile.trigger.${run.trigger}`),
          queries: format.count(run.queries),
          checked: format.count(run.activations_checked),
          outcome,
        })}
      </p>
      {run.error ? <ErrorMessage error={run.error} /> : null}
    </div>
  );
}

type RepairRequest = { id: number; repair: Repair; note?: string };

function FindingItem({ finding, onRepair }: { finding: ReconcileFinding; onRepair: (request: RepairRequest) => Promise<void> }) {
  const t = useT();
  const format = useFormat();
  const action = useAction({ silent: [SUPERVISOR_REQUIRED] });
  const [noting, setNoting] = useState(false);
  const range = format.range(finding.code_start, finding.code_end);
  const repair = (chosen: Repair, note?: string) =>
    void action.run(() => onRepair({ id: finding.id, repair: chosen, ...(note === undefined ? {} : { note }) }), chosen);

  return (
    <li className="reconcile-finding" data-testid="reconcile-finding" data-id={finding.id} data-kind={finding.kind}>
      <strong>{t('reconcile.finding.id', { id: finding.id })}</strong>{' '}
      <span>
        {finding.activation_id !== null && finding.local_state
          ? t('reconcile.finding.activation', { id: finding.activation_id, range, state: t(`activate.state.${finding.local_state}`) })
          : t('reconcile.finding.range', { application: finding.application_id, range })}
      </span>
      <FindingFacts finding={finding} />
      {noting ? (
        <InvestigatedNote busy={action.busy} onSave={(note) => repair('investigated', note)} onBack={() => setNoting(false)} />
      ) : (
        <div className="actions">
          {finding.repairs.map((choice) =>
            choice === 'investigated' ? (
              <button
                key={choice}
                type="button"
                className="button"
                data-repair={choice}
                disabled={action.busy}
                onClick={() => setNoting(true)}
              >
                {t('reconcile.repair.investigated')}
              </button>
            ) : (
              <BusyButton
                key={choice}
                className="button button--primary"
                data-repair={choice}
                busy={action.busyKey === choice}
                disabled={action.busy}
                label={t(`reconcile.repair.${choice}`)}
                busyLabel={t('reconcile.repairing')}
                onClick={() => repair(choice)}
              />
            ),
          )}
        </div>
      )}
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </li>
  );
}

/** What the finding is, what WeChat holds, and what each index asked answered. */
function FindingFacts({ finding }: { finding: ReconcileFinding }) {
  const t = useT();
  const format = useFormat();
  const remote = finding.remote;
  return (
    <>
      <p>{t(`reconcile.kind.${finding.kind}`)}</p>
      {remote && finding.kind !== 'active_remotely' ? (
        <p className="muted">
          {t('reconcile.remote', {
            range: format.range(remote.code_start, remote.code_end),
            product: [remote.product_title, remote.product_code].filter(Boolean).join(' · '),
          })}
        </p>
      ) : null}
      <p className="muted">
        {t('reconcile.checked', {
          indices: finding.checked
            .map((check) => {
              const key = check.answer === 'activated' && check.reason ? 'differs' : check.answer;
              return t(`reconcile.answer.${key}`, { index: format.count(check.code_index), reason: check.reason ?? '' });
            })
            .join(', '),
        })}
      </p>
    </>
  );
}

/** "Mark as investigated" needs a note saying what was found out. */
function InvestigatedNote({ busy, onSave, onBack }: { busy: boolean; onSave: (note: string) => void; onBack: () => void }) {
  const t = useT();
  const [note, setNote] = useState('');
  return (
    <div className="reconcile-note">
      <label>
        {t('reconcile.note')}
        <textarea data-testid="reconcile-note" value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />
      </label>
      <p className="muted">{t('reconcile.noteHint')}</p>
      <div className="actions">
        <BusyButton
          className="button button--primary"
          busy={busy}
          disabled={note.trim() === ''}
          label={t('reconcile.noteSave')}
          busyLabel={t('reconcile.repairing')}
          onClick={() => onSave(note)}
        />
        <button type="button" className="button" disabled={busy} onClick={onBack}>
          {t('reconcile.noteCancel')}
        </button>
      </div>
    </div>
  );
}
