import { useState, type FormEvent } from 'react';
import { VERIFY_SETTING_DEFAULTS, type SettingUpdate, type Settings } from '@shared/contract';
import { call } from '@renderer/api/call';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { FormField } from '@renderer/components/FormField';
import { Segmented, SegmentToggle } from '@renderer/components/Segmented';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useAppStore } from '@renderer/store/app-store';
import { playSound } from '../verify/sounds';
import '../verify/verify.css';

type Terminator = 'Enter' | 'Tab';
const TERMINATORS: Terminator[] = ['Enter', 'Tab'];

/** The numeric wedge settings: their setting key, label and bounds (as the contract checks them). */
const NUMBERS = [
  { key: 'wedgeMaxInterKeyMs', label: 'verify.settings.maxInterKey', min: 5, max: 200 },
  { key: 'wedgeIdleTimeoutMs', label: 'verify.settings.idleTimeout', min: 20, max: 2000 },
  { key: 'wedgeMinLength', label: 'verify.settings.minLength', min: 4, max: 64 },
] as const;
type NumberKey = (typeof NUMBERS)[number]['key'];

interface Draft {
  numbers: Record<NumberKey, string>;
  terminators: Terminator[];
  ackMode: 'button' | 'ack_code';
  ackCode: string;
  soundVolume: number;
}

function draftOf(settings: Settings): Draft {
  const value = <K extends keyof typeof VERIFY_SETTING_DEFAULTS>(key: K) => settings[key] ?? VERIFY_SETTING_DEFAULTS[key];
  return {
    numbers: {
      wedgeMaxInterKeyMs: String(value('wedgeMaxInterKeyMs')),
      wedgeIdleTimeoutMs: String(value('wedgeIdleTimeoutMs')),
      wedgeMinLength: String(value('wedgeMinLength')),
    },
    terminators: [...value('wedgeTerminators')],
    ackMode: value('ackMode'),
    ackCode: value('ackCode'),
    soundVolume: value('soundVolume'),
  };
}

function numberProblem(text: string, min: number, max: number): boolean {
  const value = Number(text);
  return !/^\d+$/.test(text) || value < min || value > max;
}

/** The updates that turn `saved` into `draft`, in a stable order. */
function changes(saved: Draft, draft: Draft): SettingUpdate[] {
  const updates: SettingUpdate[] = [];
  for (const { key } of NUMBERS) if (draft.numbers[key] !== saved.numbers[key]) updates.push({ key, value: Number(draft.numbers[key]) });
  const terminators = TERMINATORS.filter((key) => draft.terminators.includes(key));
  if (terminators.join() !== saved.terminators.join()) updates.push({ key: 'wedgeTerminators', value: terminators });
  if (draft.ackMode !== saved.ackMode) updates.push({ key: 'ackMode', value: draft.ackMode });
  if (draft.ackCode.trim() !== saved.ackCode) updates.push({ key: 'ackCode', value: draft.ackCode.trim() });
  if (draft.soundVolume !== saved.soundVolume) updates.push({ key: 'soundVolume', value: draft.soundVolume });
  return updates;
}

/** Settings → Verify station: keyboard-wedge timing and terminators, how a FAIL is acknowledged, sound volume. */
export function VerifyPanel() {
  const t = useT();
  const settings = useAppStore((state) => state.settings);
  const applySettings = useAppStore((state) => state.applySettings);
  const [edited, setEdited] = useState<Draft | undefined>();
  const [saved, setSaved] = useState(false);
  const action = useAction();
  if (!settings) return null;
  const current = draftOf(settings);
  const draft = edited ?? current;
  const edit = (change: Partial<Draft>) => {
    setEdited({ ...draft, ...change });
    setSaved(false);
    action.clearError();
  };
  const ackCodeProblem = draft.ackCode.trim() === '' || draft.ackCode.trim().length > 64;
  const invalid = NUMBERS.some(({ key, min, max }) => numberProblem(draft.numbers[key], min, max)) || ackCodeProblem;
  const pending = invalid ? [] : changes(current, draft);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (invalid || pending.length === 0) return;
    const done = await action.run(async () => {
      for (const update of pending) applySettings(await call('settings.set', update));
    });
    if (done.ok) {
      setEdited(undefined);
      setSaved(true);
    }
  }

  return (
    <form className="card verify-settings" data-testid="verify-settings" onSubmit={(event) => void save(event)} noValidate>
      <h2>{t('verify.settings.title')}</h2>

      <WedgeFields draft={draft} edit={edit} />
      <AckFields draft={draft} ackCodeProblem={ackCodeProblem} edit={edit} />
      <VolumeFields draft={draft} edit={edit} />

      <div className="actions">
        <button type="submit" className="button button--primary" disabled={action.busy || pending.length === 0}>
          {t('verify.settings.save')}
        </button>
        <div aria-live="polite" data-testid="verify-settings-status">
          {saved ? <p className="ok-text">{t('verify.settings.saved')}</p> : null}
          {action.error ? <ErrorMessage error={action.error} /> : null}
        </div>
      </div>
    </form>
  );
}

interface PartProps {
  draft: Draft;
  edit: (change: Partial<Draft>) => void;
}

/** Keyboard-wedge timing (each number with its range) and the keys that end a scan. */
function WedgeFields({ draft, edit }: PartProps) {
  const t = useT();
  return (
    <>
      <h3>{t('verify.settings.wedge')}</h3>
      <p className="muted">{t('verify.settings.wedgeHint')}</p>
      <div className="form-grid">
        {NUMBERS.map(({ key, label, min, max }) => {
          const problem = numberProblem(draft.numbers[key], min, max);
          return (
            <FormField
              key={key}
              label={t(label)}
              problem={problem ? t('verify.settings.problem.range', { min, max }) : undefined}
              hint={<span className="muted">{t('verify.settings.range', { min, max, default: VERIFY_SETTING_DEFAULTS[key] })}</span>}
            >
              <input
                name={key}
                type="number"
                inputMode="numeric"
                min={min}
                max={max}
                step={1}
                value={draft.numbers[key]}
                aria-invalid={problem ? true : undefined}
                onChange={(event) => edit({ numbers: { ...draft.numbers, [key]: event.target.value } })}
              />
            </FormField>
          );
        })}
      </div>
      <div className="form-row">
        <span className="form-field__label" id="verify-terminators-label">
          {t('verify.settings.terminators')}
        </span>
        <div className="segmented" role="group" aria-labelledby="verify-terminators-label">
          {TERMINATORS.map((key) => {
            const on = draft.terminators.includes(key);
            return (
              <SegmentToggle
                key={key}
                on={on}
                data={{ 'data-terminator': key }}
                onClick={() => edit({ terminators: on ? draft.terminators.filter((item) => item !== key) : [...draft.terminators, key] })}
              >
                {key}
              </SegmentToggle>
            );
          })}
        </div>
        <span className="muted">{t('verify.settings.terminatorsHint')}</span>
      </div>
    </>
  );
}

/** How a FAIL is acknowledged: a button, or an acknowledgement code to scan. */
function AckFields({ draft, ackCodeProblem, edit }: PartProps & { ackCodeProblem: boolean }) {
  const t = useT();
  return (
    <>
      <h3>{t('verify.settings.ack')}</h3>
      <div className="form-row">
        <Segmented
          label={t('verify.settings.ack')}
          options={(['button', 'ack_code'] as const).map((mode) => ({
            value: mode,
            label: t(mode === 'button' ? 'verify.settings.ackButton' : 'verify.settings.ackCode'),
            data: { 'data-ack-mode': mode },
          }))}
          value={draft.ackMode}
          onChange={(mode) => edit({ ackMode: mode })}
        />
      </div>
      {draft.ackMode === 'ack_code' ? (
        <label className="form-field verify-settings__ack-code">
          <span className="form-field__label">{t('verify.settings.ackCodeValue')}</span>
          <input
            name="ackCode"
            type="text"
            autoComplete="off"
            maxLength={64}
            value={draft.ackCode}
            aria-invalid={ackCodeProblem ? true : undefined}
            onChange={(event) => edit({ ackCode: event.target.value })}
          />
          {ackCodeProblem ? (
            <span className="form-field__problem" role="alert">
              {t('verify.settings.problem.ackCode')}
            </span>
          ) : (
            <span className="muted">{t('verify.settings.ackCodeHint', { default: VERIFY_SETTING_DEFAULTS.ackCode })}</span>
          )}
        </label>
      ) : null}
    </>
  );
}

/** Sound volume, with a pass and a fail sound to try it. */
function VolumeFields({ draft, edit }: PartProps) {
  const t = useT();
  return (
    <>
      <h3>{t('verify.settings.volume')}</h3>
      <div className="form-row verify-settings__volume">
        <label className="verify-settings__slider">
          <input
            name="soundVolume"
            type="range"
            min={0}
            max={100}
            step={5}
            value={draft.soundVolume}
            aria-label={t('verify.settings.volume')}
            onChange={(event) => edit({ soundVolume: Number(event.target.value) })}
          />
          <output>{t('verify.settings.volumeValue', { volume: draft.soundVolume })}</output>
        </label>
        <div className="actions">
          <button type="button" className="button" onClick={() => void playSound('pass', draft.soundVolume)}>
            {t('verify.settings.playPass')}
          </button>
          <button type="button" className="button" onClick={() => void playSound('fail', draft.soundVolume)}>
            {t('verify.settings.playFail')}
          </button>
        </div>
      </div>
    </>
  );
}
