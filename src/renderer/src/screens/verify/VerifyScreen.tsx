import { useEffect, useState } from 'react';
import { VERIFY_SETTING_DEFAULTS } from '@shared/contract';
import type { ScanSession } from '@shared/verification-contract';
import { SUPERVISOR_REQUIRED } from '@renderer/api/error-codes';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { LoadFailed } from '@renderer/components/LoadFailed';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { ImeWarning } from '@renderer/scan-input';
import { useAppStore } from '@renderer/store/app-store';
import { latestScan, pendingAck, useVerifyStore } from '@renderer/store/verify-store';
import { useFormat } from '../batches/use-format';
import { Counters } from './Counters';
import { RecentScans } from './RecentScans';
import { SessionSummary } from './SessionSummary';
import { StartSessionCard } from './StartSessionCard';
import { VerdictPanel } from './VerdictPanel';
import { useVerdictSounds } from './use-verdict-sounds';
import { useVerifyScanning } from './use-verify-scanning';
import './verify.css';

/**
 * Verify: a supervisor starts a session for a line and product; workers then
 * only scan, and read PASS or FAIL (with its reason) from across the line. A
 * FAIL blocks further scans until acknowledged. Scans from a keyboard-wedge
 * scanner are caught wherever focus is; HID scans arrive as events from main.
 */
export function VerifyScreen() {
  const t = useT();
  const load = useVerifyStore((state) => state.load);
  const session = useVerifyStore((state) => state.session);
  const summary = useVerifyStore((state) => state.summary);
  const loadSession = useVerifyStore((state) => state.loadSession);
  const subscribe = useVerifyStore((state) => state.subscribe);
  const dismissSummary = useVerifyStore((state) => state.dismissSummary);
  const { imeWarning } = useVerifyScanning(session !== null);

  useEffect(() => {
    const unsubscribe = subscribe();
    void loadSession();
    return unsubscribe;
  }, [subscribe, loadSession]);

  let body;
  if (load.status === 'failed') {
    body = <LoadFailed error={load.error} reloadLabel={t('verify.reload')} onReload={() => void loadSession()} />;
  } else if (load.status === 'loading') {
    body = <p className="muted">{t('verify.loading')}</p>;
  } else if (session) {
    body = <RunningSession session={session} />;
  } else if (summary) {
    body = <SessionSummary summary={summary} onClose={dismissSummary} />;
  } else {
    body = <StartSessionCard />;
  }

  return (
    <section className="screen verify" data-testid="screen-verify" data-session={session?.id ?? ''}>
      {imeWarning ? <ImeWarning className="verify-ime" testId="verify-ime-warning" /> : null}
      {session ? null : <h1>{t('verify.title')}</h1>}
      {body}
    </section>
  );
}

function RunningSession({ session }: { session: ScanSession }) {
  const t = useT();
  const format = useFormat();
  const settings = useAppStore((state) => state.settings);
  const scans = useVerifyStore((state) => state.scans);
  const refusal = useVerifyStore((state) => state.refusal);
  const acknowledge = useVerifyStore((state) => state.acknowledge);
  const endSession = useVerifyStore((state) => state.endSession);
  const [acknowledging, setAcknowledging] = useState(false);
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  // A refused unlock needs no second message: the unlock dialog said it.
  const ending = useAction({ silent: [SUPERVISOR_REQUIRED] });
  const latest = latestScan(scans);
  const blocking = pendingAck(scans);
  const soundBlocked = useVerdictSounds(latest, refusal, settings?.soundVolume ?? VERIFY_SETTING_DEFAULTS.soundVolume);

  async function onAcknowledge(scanId: number) {
    setAcknowledging(true);
    try {
      await acknowledge(scanId);
    } finally {
      setAcknowledging(false);
    }
  }

  async function end() {
    await ending.run(endSession);
    setConfirmingEnd(false);
  }

  return (
    <div className="verify-session">
      <header className="verify-session__header" data-testid="verify-session">
        <div className="verify-session__facts">
          <strong className="verify-session__line">{t('verify.session.line', { line: session.line })}</strong>
          <span className="verify-session__product">
            {t('verify.session.product', { title: session.product_title, code: session.product_code })}
          </span>
          {session.activation_id !== null ? (
            <span className="muted">{t('verify.session.activation', { id: session.activation_id })}</span>
          ) : null}
          <span className="muted">{t('verify.session.since', { time: format.dateTime(session.started_at) })}</span>
        </div>
        {confirmingEnd ? (
          <div className="verify-session__confirm" role="alertdialog" aria-label={t('verify.session.end')}>
            <span>{t('verify.session.endConfirm', { line: session.line })}</span>
            <button type="button" className="button verify-end-button" onClick={() => void end()}>
              {t('verify.session.endYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmingEnd(false)}>
              {t('verify.session.endNo')}
            </button>
          </div>
        ) : (
          <button type="button" className="button verify-end-button" onClick={() => setConfirmingEnd(true)}>
            {t('verify.session.end')}
          </button>
        )}
      </header>
      {ending.error ? <ErrorMessage error={ending.error} /> : null}
      {soundBlocked ? <p className="verify-sound-blocked muted">{t('verify.sound.blocked')}</p> : null}

      <VerdictPanel
        latest={latest}
        blocking={blocking}
        refusal={refusal}
        ackMode={settings?.ackMode ?? VERIFY_SETTING_DEFAULTS.ackMode}
        acknowledging={acknowledging}
        onAcknowledge={(scanId) => void onAcknowledge(scanId)}
      />
      <Counters session={session} />
      <RecentScans scans={scans} />
    </div>
  );
}
