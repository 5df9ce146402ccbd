import type { AppErrorPayload } from '@shared/errors';
import type { ScanResult } from '@shared/verification-contract';
import { useT } from '@renderer/i18n/use-t';
import { useLocale } from '@renderer/store/app-store';
import type { Refusal } from '@renderer/store/verify-store';

/** The reason in the user's language: what happened (large), then what to do. */
function Reason({ reason, testId }: { reason: AppErrorPayload; testId: string }) {
  const locale = useLocale();
  const text = reason.localized[locale];
  return (
    <div className="verdict__reason" data-testid={testId} data-reason-code={reason.code}>
      <p className="verdict__reason-what">{text.message}</p>
      {text.hint ? <p className="verdict__reason-hint">{text.hint}</p> : null}
    </div>
  );
}

/** Where WeChat's confirmation stands, when there is something to say. */
function RemoteLine({ scan }: { scan: ScanResult }) {
  const t = useT();
  if (scan.remote === 'skipped') return null;
  const text = {
    pending: t('verify.remote.pending'),
    confirmed: t('verify.remote.confirmed'),
    offline: t('verify.remote.offline'),
    mismatch: t('verify.remote.mismatch'),
  }[scan.remote];
  return (
    <p className={`verdict__remote verdict__remote--${scan.remote}`} data-testid="verify-remote" data-remote={scan.remote}>
      {text}
    </p>
  );
}

/**
 * The full-width verdict a worker reads from three metres: green PASS, red
 * FAIL with the verdict and its reason in words, the acknowledgement it needs;
 * neutral "scan a carton" when the last FAIL was acknowledged (or nothing was
 * scanned yet). A scan main refused shows on top of it.
 */
export function VerdictPanel({
  latest,
  blocking,
  refusal,
  ackMode,
  acknowledging,
  onAcknowledge,
}: {
  latest: ScanResult | undefined;
  /** The FAIL awaiting acknowledgement, if any. */
  blocking: ScanResult | undefined;
  refusal: Refusal | undefined;
  ackMode: 'button' | 'ack_code';
  acknowledging: boolean;
  onAcknowledge: (scanId: number) => void;
}) {
  const t = useT();
  const shown = blocking ?? latest;
  const state: 'pass' | 'fail' | 'refused' | 'idle' = blocking
    ? 'fail'
    : refusal
      ? 'refused'
      : !shown || (shown.verdict !== 'PASS' && shown.acknowledged_by !== null)
        ? 'idle'
        : shown.verdict === 'PASS'
          ? 'pass'
          : 'fail';

  return (
    <section
      className={`verdict verdict--${state}`}
      data-testid="verify-verdict"
      data-state={state}
      data-verdict={shown?.verdict ?? ''}
      data-scan-id={shown?.id ?? ''}
      data-input={shown?.input ?? ''}
      aria-live="assertive"
      aria-atomic="true"
    >
      {state === 'pass' && shown ? (
        <>
          <p key={shown.id} className="verdict__headline verdict__headline--new" data-testid="verify-headline">
            {t('verify.panel.pass')}
          </p>
          <p className="verdict__code">{t('verify.panel.scanned', { code: shown.normalized || shown.input })}</p>
          <RemoteLine scan={shown} />
        </>
      ) : null}

      {state === 'fail' && shown ? (
        <>
          <p key={shown.id} className="verdict__headline verdict__headline--new" data-testid="verify-headline">
            <span>{t('verify.panel.fail')}</span>{' '}
            <span className="verdict__name" data-testid="verify-verdict-name">
              {t(`verify.verdict.${shown.verdict}`)}
            </span>
          </p>
          {shown.reason ? <Reason reason={shown.reason} testId="verify-reason" /> : null}
          <p className="verdict__code">{t('verify.panel.scanned', { code: shown.normalized || shown.input })}</p>
          <RemoteLine scan={shown} />
          {shown.needs_ack && shown.acknowledged_by === null ? (
            <div className="verdict__ack" data-testid="verify-ack">
              <p className="verdict__ack-text">{t(ackMode === 'ack_code' ? 'verify.ack.scanCode' : 'verify.ack.needed')}</p>
              <button
                type="button"
                className={ackMode === 'ack_code' ? 'verdict__ack-button verdict__ack-button--small' : 'verdict__ack-button'}
                disabled={acknowledging}
                onClick={() => onAcknowledge(shown.id)}
              >
                {acknowledging ? t('verify.ack.acknowledging') : t('verify.ack.button')}
              </button>
            </div>
          ) : null}
        </>
      ) : null}

      {state === 'idle' || state === 'refused' ? (
        <>
          <p className="verdict__headline verdict__headline--idle" data-testid="verify-headline">
            {state === 'refused' ? t('verify.panel.refused') : t('verify.panel.waiting')}
          </p>
          {state === 'idle' && shown && shown.acknowledged_by !== null ? (
            <p className="verdict__previous" data-testid="verify-previous">
              {t('verify.panel.fail')} · {t(`verify.verdict.${shown.verdict}`)} · {t('verify.ack.done', { who: shown.acknowledged_by })}
            </p>
          ) : null}
          {state === 'idle' && !shown ? <p className="verdict__code">{t('verify.panel.waitingHint')}</p> : null}
        </>
      ) : null}

      {refusal ? (
        <div className="verdict__refusal" data-testid="verify-refusal" role="alert">
          {state === 'fail' ? <p className="verdict__refusal-title">{t('verify.panel.refused')}</p> : null}
          <Reason reason={refusal.error} testId="verify-refusal-reason" />
          {refusal.input ? <p className="verdict__code">{t('verify.panel.scanned', { code: refusal.input })}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
