import { useEffect } from 'react';
import { ErrorMessage } from './components/ErrorMessage';
import { Shell } from './components/Shell';
import { useT } from './i18n/use-t';
import { useAppStore, useLocale } from './store/app-store';

export function App() {
  const load = useAppStore((state) => state.load);
  const initialise = useAppStore((state) => state.initialise);
  const applySettings = useAppStore((state) => state.applySettings);
  const applyConnection = useAppStore((state) => state.applyConnection);
  const locale = useLocale();
  const t = useT();

  useEffect(() => {
    void initialise();
    const unsubscribers = [window.api.on('settings.changed', applySettings), window.api.on('connection.changed', applyConnection)];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [initialise, applySettings, applyConnection]);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.title');
  }, [locale, t]);

  if (load.status === 'loading') return <div className="splash">{t('app.loading')}</div>;
  if (load.status === 'failed') {
    return (
      <div className="splash splash--error" role="alert">
        <ErrorMessage error={load.error} />
      </div>
    );
  }
  return <Shell />;
}
