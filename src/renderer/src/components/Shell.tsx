import type { ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { SCREENS, useAppStore, type Screen } from '../store/app-store';
import { ActivateScreen } from '../screens/activate/ActivateScreen';
import { BatchesScreen } from '../screens/batches/BatchesScreen';
import { LogScreen } from '../screens/log/LogScreen';
import { ProductsScreen } from '../screens/products/ProductsScreen';
import { SettingsScreen } from '../screens/SettingsScreen';
import { VerifyScreen } from '../screens/verify/VerifyScreen';
import { SupervisorChip } from '../screens/supervisor/SupervisorChip';
import { FirstRunGate, SupervisorLayer } from '../screens/supervisor/SupervisorLayer';
import { ConnectivityChip } from './ConnectivityChip';
import { LedgerSplitNotice } from './LedgerSplitNotice';
import { TrainingBanner } from './TrainingBanner';

const SCREEN_VIEWS: Record<Screen, () => ReactElement> = {
  batches: () => <BatchesScreen />,
  activate: () => <ActivateScreen />,
  verify: () => <VerifyScreen />,
  products: () => <ProductsScreen />,
  log: () => <LogScreen />,
  settings: () => <SettingsScreen />,
};

export function Shell() {
  const t = useT();
  const screen = useAppStore((state) => state.screen);
  const navigate = useAppStore((state) => state.navigate);
  const info = useAppStore((state) => state.info);
  const View = SCREEN_VIEWS[screen];

  return (
    <div className="shell">
      <nav className="shell__nav" aria-label={t('nav.label')}>
        <div className="shell__brand">{t('app.title')}</div>
        <ul>
          {SCREENS.map((name) => (
            <li key={name}>
              <button
                type="button"
                className={name === screen ? 'nav-item nav-item--active' : 'nav-item'}
                aria-current={name === screen ? 'page' : undefined}
                data-screen={name}
                onClick={() => navigate(name)}
              >
                {t(`nav.${name}`)}
              </button>
            </li>
          ))}
        </ul>
        {info ? (
          <div className="shell__footer" data-testid="shell-footer">
            <SupervisorChip />
            <span className={`mode-chip mode-chip--${info.mode}`}>{t(`mode.${info.mode}`)}</span>
            <span className="shell__version">v{info.version}</span>
            <ConnectivityChip />
          </div>
        ) : null}
      </nav>
      <div className="shell__main">
        {info?.mode === 'training' ? <TrainingBanner /> : null}
        {info?.ledgerSplit ? <LedgerSplitNotice moved={info.ledgerSplit} /> : null}
        <main className="shell__content">
          <FirstRunGate screen={screen}>
            <View />
          </FirstRunGate>
        </main>
      </div>
      <SupervisorLayer />
    </div>
  );
}
