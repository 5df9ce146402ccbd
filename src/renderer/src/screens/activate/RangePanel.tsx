import { useRef, useState, type KeyboardEvent } from 'react';
import type { ActivationSummary, RangeSource, ResolvedRange } from '@shared/activation-contract';
import type { PrintRunSummary } from '@shared/batches-contract';
import type { AppErrorPayload } from '@shared/errors';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { segmentClass } from '@renderer/components/Segmented';
import type { MessageKey } from '@renderer/i18n';
import { useT } from '@renderer/i18n/use-t';
import { ImeWarning, useImeFields } from '@renderer/scan-input';
import { activationKind } from '../batches/strip-parts';
import { indexProblem, overlappingRun } from '../batches/export-check';
import { useFormat } from '../batches/use-format';

export const RANGE_TABS = ['scan', 'printRun', 'indices'] as const;
export type RangeTab = (typeof RANGE_TABS)[number];

/** Where the range lookup stands; a refusal is main's translated message (it names an overlapping activation). */
export type Resolution =
  | { status: 'idle' }
  | { status: 'resolving' }
  | { status: 'resolved'; range: ResolvedRange }
  | { status: 'refused'; error: AppErrorPayload };

const TAB_LABEL: Record<RangeTab, MessageKey> = {
  scan: 'activate.tab.scan',
  printRun: 'activate.tab.printRun',
  indices: 'activate.tab.indices',
};

/** The range of the carton run, by one of three tabs: scan the first and last code, pick a print run, or type indices. */
export function RangePanel({
  tab,
  onTab,
  applicationId,
  printRuns,
  activations,
  resolution,
  onResolve,
  onClear,
}: {
  tab: RangeTab;
  onTab: (tab: RangeTab) => void;
  applicationId: number | undefined;
  printRuns: readonly PrintRunSummary[] | undefined;
  activations: readonly ActivationSummary[];
  resolution: Resolution;
  onResolve: (source: RangeSource) => void;
  onClear: () => void;
}) {
  const t = useT();
  const tabRefs = useRef<Partial<Record<RangeTab, HTMLButtonElement | null>>>({});

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, current: RangeTab) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = RANGE_TABS[(RANGE_TABS.indexOf(current) + step + RANGE_TABS.length) % RANGE_TABS.length]!;
    onTab(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <section className="card activate-range" data-testid="activate-range" aria-label={t('activate.range.title')}>
      <h2>{t('activate.range.title')}</h2>
      <div className="segmented activate-tabs" role="tablist" aria-label={t('activate.range.title')}>
        {RANGE_TABS.map((name) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={`activate-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`activate-tabpanel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className={segmentClass(tab === name)}
            onClick={() => onTab(name)}
            onKeyDown={(event) => onTabKey(event, name)}
          >
            {t(TAB_LABEL[name])}
          </button>
        ))}
      </div>
      <div className="activate-tabpanel" role="tabpanel" id={`activate-tabpanel-${tab}`} aria-labelledby={`activate-tab-${tab}`}>
        {tab === 'scan' ? <ScanTab onResolve={onResolve} onClear={onClear} /> : null}
        {tab === 'printRun' ? (
          <PrintRunTab printRuns={printRuns} activations={activations} resolution={resolution} onResolve={onResolve} />
        ) : null}
        {tab === 'indices' ? <IndicesTab applicationId={applicationId} onResolve={onResolve} onClear={onClear} /> : null}
      </div>
      <RangeResult resolution={resolution} />
    </section>
  );
}

/**
 * Two large fields for a keyboard-wedge scanner: it types the code and Enter in
 * a burst. Enter in the first moves to the second; Enter in the second looks the
 * range up. Focusing a field selects it, so a new scan replaces the old one.
 * An input method (IME) eats or splits scans: say so while one is composing or
 * its full-width or CJK output shows up in a field.
 */
function ScanTab({ onResolve, onClear }: { onResolve: (source: RangeSource) => void; onClear: () => void }) {
  const t = useT();
  const [first, setFirst] = useState('');
  const [last, setLast] = useState('');
  const ime = useImeFields();
  const firstRef = useRef<HTMLInputElement>(null);
  const lastRef = useRef<HTMLInputElement>(null);

  function onKey(event: KeyboardEvent<HTMLInputElement>, which: 'first' | 'last') {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (ime.isImeKey(event)) return;
    if (which === 'first') {
      if (first.trim() !== '') lastRef.current?.focus();
      return;
    }
    if (first.trim() === '') firstRef.current?.focus();
    else if (last.trim() !== '') onResolve({ by: 'codes', first: first.trim(), last: last.trim() });
  }

  const field = (which: 'first' | 'last', value: string, setValue: (value: string) => void) => (
    <label className="form-field activate-scan__field">
      <span className="form-field__label">{t(which === 'first' ? 'activate.scan.first' : 'activate.scan.last')}</span>
      <input
        ref={which === 'first' ? firstRef : lastRef}
        name={which === 'first' ? 'first_code' : 'last_code'}
        type="text"
        className="activate-scan__input"
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="characters"
        spellCheck={false}
        inputMode="text"
        autoFocus={which === 'first'}
        value={value}
        placeholder={t('activate.scan.placeholder')}
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => {
          setValue(event.target.value);
          ime.noteText(event.target.value);
          onClear();
        }}
        onKeyDown={(event) => onKey(event, which)}
        {...ime.fieldProps}
      />
    </label>
  );

  return (
    <div className="activate-scan">
      <p className="muted">{t('activate.scan.hint')}</p>
      <div className="activate-scan__fields">
        {field('first', first, setFirst)}
        {field('last', last, setLast)}
      </div>
      {ime.warn ? <ImeWarning className="activate-warning" testId="activate-ime-warning" /> : null}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={first.trim() === '' || last.trim() === ''}
          onClick={() => onResolve({ by: 'codes', first: first.trim(), last: last.trim() })}
        >
          {t('activate.scan.lookUp')}
        </button>
      </div>
    </div>
  );
}

/** The application's print runs; one that overlaps a live or queued activation says which. */
function PrintRunTab({
  printRuns,
  activations,
  resolution,
  onResolve,
}: {
  printRuns: readonly PrintRunSummary[] | undefined;
  activations: readonly ActivationSummary[];
  resolution: Resolution;
  onResolve: (source: RangeSource) => void;
}) {
  const t = useT();
  const format = useFormat();
  if (printRuns === undefined) return <p className="muted">{t('activate.loading')}</p>;
  if (printRuns.length === 0) return <p className="muted">{t('activate.printRun.none')}</p>;
  const chosen = resolution.status === 'resolved' ? resolution.range.print_run_id : null;
  const holding = activations.filter((activation) => {
    const kind = activationKind(activation.state);
    return kind === 'active' || kind === 'pending';
  });

  return (
    <div className="activate-runs" role="radiogroup" aria-label={t('activate.tab.printRun')}>
      {printRuns.map((run) => {
        const taken = overlappingRun(holding, run.code_start, run.code_end);
        return (
          <button
            key={run.id}
            type="button"
            role="radio"
            aria-checked={chosen === run.id}
            data-testid="activate-print-run"
            className={chosen === run.id ? 'activate-run activate-run--on' : 'activate-run'}
            onClick={() => onResolve({ by: 'printRun', print_run_id: run.id })}
          >
            <strong>{format.range(run.code_start, run.code_end)}</strong>
            <span>{t('activate.item.count', { count: format.count(run.count) })}</span>
            <span className="muted">{t('activate.printRun.exported', { id: run.id, time: format.dateTime(run.created_at) })}</span>
            {taken ? (
              <span className="activate-run__taken">
                {t('activate.printRun.taken', { id: taken.id, state: t(`activate.state.${taken.state}`) })}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}

/** Start and end typed by hand, checked for whole numbers here; the ledger checks the rest. */
function IndicesTab({
  applicationId,
  onResolve,
  onClear,
}: {
  applicationId: number | undefined;
  onResolve: (source: RangeSource) => void;
  onClear: () => void;
}) {
  const t = useT();
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const startProblem = indexProblem(start);
  const endProblem = indexProblem(end);

  function check() {
    setShowProblems(true);
    if (startProblem || endProblem || applicationId === undefined) return;
    onResolve({ by: 'indices', application_id: applicationId, code_start: Number(start), code_end: Number(end) });
  }

  const field = (which: 'start' | 'end', value: string, setValue: (value: string) => void, problem: typeof startProblem) => (
    <label className="form-field">
      <span className="form-field__label">{t(which === 'start' ? 'activate.indices.start' : 'activate.indices.end')}</span>
      <input
        name={which === 'start' ? 'code_start' : 'code_end'}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        aria-invalid={showProblems && problem ? true : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          onClear();
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          check();
        }}
      />
      {showProblems && problem ? (
        <span className="form-field__problem" role="alert">
          {t(problem === 'required' ? 'activate.indices.required' : 'activate.indices.notInteger')}
        </span>
      ) : null}
    </label>
  );

  return (
    <div className="activate-indices">
      <p className="muted">{t('activate.indices.hint')}</p>
      <div className="form-grid activate-indices__fields">
        {field('start', start, setStart, startProblem)}
        {field('end', end, setEnd, endProblem)}
      </div>
      <div className="actions">
        <button type="button" className="button" disabled={applicationId === undefined} onClick={check}>
          {t('activate.indices.check')}
        </button>
      </div>
    </div>
  );
}

/** The looked-up range (indices and count) or the ledger's refusal. */
function RangeResult({ resolution }: { resolution: Resolution }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="activate-result" aria-live="polite">
      {resolution.status === 'resolving' ? <p className="muted">{t('activate.range.resolving')}</p> : null}
      {resolution.status === 'resolved' ? (
        <p className="activate-resolved" data-testid="activate-resolved">
          {t('activate.range.resolved', {
            range: format.range(resolution.range.code_start, resolution.range.code_end),
            count: format.count(resolution.range.count),
          })}
        </p>
      ) : null}
      {resolution.status === 'refused' ? (
        <div data-testid="activate-refusal">
          <ErrorMessage error={resolution.error} />
        </div>
      ) : null}
    </div>
  );
}
