import { useState } from 'react';
import type { AppErrorPayload, Locale } from '@shared/errors';
import { CallError } from '../api/call';
import { ErrorMessage } from '../components/ErrorMessage';
import { useT } from '../i18n/use-t';
import { useAppStore } from '../store/app-store';
import { ConnectionPanel } from './settings/ConnectionPanel';
import { VerifyPanel } from './settings/VerifyPanel';
import { ScannerPanel } from './settings/ScannerPanel';
import { SupervisorSettingsPanel } from './supervisor/SupervisorSettingsPanel';

const LANGUAGE_CHOICES: { value: Locale | 'system'; label: string }[] = [
  { value: 'system', label: '' },
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
];

export function SettingsScreen() {
  const t = useT();
  const info = useAppStore((state) => state.info);
  const settings = useAppStore((state) => state.settings);
  const setLocale = useAppStore((state) => state.setLocale);
  const [error, setError] = useState<AppErrorPayload | undefined>();

  if (!info || !settings) return null;
  const current = settings.locale ?? 'system';

  async function choose(value: Locale | 'system') {
    setError(undefined);
    try {
      await setLocale(value === 'system' ? null : value);
    } catch (caught) {
      if (caught instanceof CallError) setError(caught.payload);
      else throw caught;
    }
  }

  return (
    <section className="screen settings" data-testid="screen-settings">
      <h1>{t('settings.title')}</h1>

      <fieldset className="card">
        <legend>{t('settings.language')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('settings.language')}>
          {LANGUAGE_CHOICES.map((choice) => (
            <button
              key={choice.value}
              type="button"
              role="radio"
              aria-checked={current === choice.value}
              className={current === choice.value ? 'segmented__item segmented__item--on' : 'segmented__item'}
              onClick={() => void choose(choice.value)}
            >
              {choice.value === 'system' ? t('settings.languageSystem', { locale: info.systemLocale }) : choice.label}
            </button>
          ))}
        </div>
        <p className="muted">{t('settings.languageHint')}</p>
        {error ? <ErrorMessage error={error} /> : null}
      </fieldset>

      <ConnectionPanel />

      <SupervisorSettingsPanel />

      <VerifyPanel />

      <ScannerPanel />

      <div className="card">
        <h2>{t('settings.about')}</h2>
        <dl className="facts">
          <dt>{t('settings.version')}</dt>
          <dd data-testid="app-version">{info.version}</dd>
          <dt>{t('settings.mode')}</dt>
          <dd data-testid="app-mode">{t(`mode.${info.mode}`)}</dd>
          <dt>{t('settings.dataDir')}</dt>
          <dd className="mono">{info.dataDir}</dd>
          <dt>{t('settings.hid')}</dt>
          <dd data-testid="hid-status">{info.hid.available ? t('settings.hidOn') : t('settings.hidOff', { reason: info.hid.reason })}</dd>
        </dl>
      </div>
    </section>
  );
}
