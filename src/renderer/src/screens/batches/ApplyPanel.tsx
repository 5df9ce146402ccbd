import { useState, type FormEvent } from 'react';
import { checkCodeCount, CODE_COUNT_STEP, MAX_CODE_COUNT, MIN_CODE_COUNT, type CodeCountProblem } from '@shared/validation/code-count';
import { SubmitButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { Segmented } from '@renderer/components/Segmented';
import { useAction } from '@renderer/components/use-action';
import type { Translate } from '@renderer/i18n';
import { useT } from '@renderer/i18n/use-t';
import { useBatchesStore } from '@renderer/store/batches-store';
import { useFormat, type Formatters } from './use-format';

const QUICK_PICKS = [10_000, 100_000, 1_000_000] as const;
/** The contract's limit on `label`. */
export const MAX_LABEL_LENGTH = 120;

type CountProblem = CodeCountProblem | 'required';

export function codeCountProblem(text: string): CountProblem | undefined {
  if (text.trim() === '') return 'required';
  return checkCodeCount(Number(text));
}

/** The translated sentence for a code-count problem, numbers with thousands separators. */
export function codeCountMessage(problem: CountProblem, text: string, t: Translate, format: Formatters): string {
  switch (problem) {
    case 'required':
      return t('batches.problem.required');
    case 'notInteger':
      return t('batches.problem.notInteger');
    case 'tooSmall':
      return t('batches.problem.tooSmall', { min: format.count(MIN_CODE_COUNT) });
    case 'tooLarge':
      return t('batches.problem.tooLarge', { max: format.count(MAX_CODE_COUNT) });
    case 'notMultiple': {
      const lower = Math.floor(Number(text) / CODE_COUNT_STEP) * CODE_COUNT_STEP;
      return t('batches.problem.notMultiple', {
        step: format.count(CODE_COUNT_STEP),
        lower: format.count(lower),
        upper: format.count(lower + CODE_COUNT_STEP),
      });
    }
  }
}

/** The in-page "apply for codes" form: checked here before anything is sent. */
export function ApplyPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const apply = useBatchesStore((state) => state.apply);
  const [countText, setCountText] = useState('');
  const [label, setLabel] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const action = useAction();

  const countProblem = codeCountProblem(countText);
  const labelProblem = label.trim().length > MAX_LABEL_LENGTH;
  const shownCountProblem = showProblems ? countProblem : undefined;
  const shownLabelProblem = showProblems && labelProblem;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    action.clearError();
    if (countProblem || labelProblem) return;
    const trimmed = label.trim();
    const applied = await action.run(() => apply({ code_count: Number(countText), ...(trimmed === '' ? {} : { label: trimmed }) }));
    if (applied.ok) onClose();
  }

  return (
    <form className="card batches-apply" data-testid="batches-apply" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{t('batches.applyPanel.title')}</h2>
      <div className="form-row">
        <span className="form-field__label">{t('batches.applyPanel.quickPicks')}</span>
        <Segmented
          label={t('batches.applyPanel.quickPicks')}
          options={QUICK_PICKS.map((value) => ({ value: String(value), label: format.count(value) }))}
          value={countText}
          onChange={(value) => {
            setCountText(value);
            action.clearError();
          }}
        />
      </div>
      <div className="form-grid">
        <label className="form-field">
          <span className="form-field__label">{t('batches.applyPanel.codeCount')}</span>
          <input
            name="code_count"
            type="number"
            inputMode="numeric"
            min={MIN_CODE_COUNT}
            max={MAX_CODE_COUNT}
            step={CODE_COUNT_STEP}
            value={countText}
            aria-invalid={shownCountProblem ? true : undefined}
            onChange={(event) => {
              setCountText(event.target.value);
              action.clearError();
            }}
          />
          {shownCountProblem ? (
            <span className="form-field__problem" role="alert" data-problem={shownCountProblem}>
              {codeCountMessage(shownCountProblem, countText, t, format)}
            </span>
          ) : (
            <span className="muted batches-hint">
              {countProblem === undefined
                ? t('batches.applyPanel.willApply', { count: format.count(Number(countText)) })
                : t('batches.applyPanel.codeCountHint', {
                    min: format.count(MIN_CODE_COUNT),
                    max: format.count(MAX_CODE_COUNT),
                    step: format.count(CODE_COUNT_STEP),
                  })}
            </span>
          )}
        </label>
        <label className="form-field">
          <span className="form-field__label">{t('batches.applyPanel.label')}</span>
          <input
            name="label"
            type="text"
            autoComplete="off"
            value={label}
            aria-invalid={shownLabelProblem ? true : undefined}
            onChange={(event) => setLabel(event.target.value)}
          />
          {shownLabelProblem ? (
            <span className="form-field__problem" role="alert" data-problem="labelTooLong">
              {t('batches.problem.labelTooLong', { max: MAX_LABEL_LENGTH })}
            </span>
          ) : (
            <span className="muted batches-hint">{t('batches.applyPanel.labelHint')}</span>
          )}
        </label>
      </div>
      <p className="muted">{t('batches.applyPanel.note')}</p>
      <div className="actions">
        <SubmitButton busy={action.busy} label={t('batches.applyPanel.submit')} busyLabel={t('batches.applyPanel.submitting')} />
        <button type="button" className="button" disabled={action.busy} onClick={onClose}>
          {t('batches.applyPanel.cancel')}
        </button>
      </div>
      {action.error ? (
        <div className="batches-status" data-testid="batches-apply-error">
          <ErrorMessage error={action.error} />
        </div>
      ) : null}
    </form>
  );
}
