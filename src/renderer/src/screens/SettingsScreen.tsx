import type { Locale } from '@shared/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Segmented } from '../components/Segmented';
import { useAction } from '../components/use-action';
import { useT } from '../i18n/use-t';
import { useAppStore } from '../store/app-store';
import { ConnectionPanel } from './settings/ConnectionPanel';
import { PackageLayoutPanel } from './settings/PackageLayoutPanel';
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
  const action = useAction();

  if (!info || !settings) return null;
  const current = settings.locale ?? 'system';

  return (
    <section className="screen settings" data-testid="screen-settings">
      <h1>{t('settings.title')}</h1>

      <fieldset className="card">
        <legend>{t('settings.language')}</legend>
        <Segmented
          label={t('settings.language')}
          options={LANGUAGE_CHOICES.map((choice) => ({
            value: choice.value,
            label: choice.value === 'system' ? t('settings.languageSystem', { locale: info.systemLocale }) : choice.label,
          }))}
          value={current}
          onChange={(value) => void action.run(() => setLocale(value === 'system' ? null : value))}
        />
        <p className="muted">{t('settings.languageHint')}</p>
        {action.error ? <ErrorMessage error={action.error} /> : null}
      </fieldset>

      <ConnectionPanel />

      <PackageLayoutPanel />

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
