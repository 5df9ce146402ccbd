import { LoadFailed } from '@renderer/components/LoadFailed';
import { useT } from '@renderer/i18n/use-t';
import { useAppStore } from '@renderer/store/app-store';
import { useBatchesStore } from '@renderer/store/batches-store';

/** What Activate shows before there is anything to activate: loading, the list's error, or "apply for codes first". */
export function ActivateUnavailable() {
  const t = useT();
  const navigate = useAppStore((state) => state.navigate);
  const list = useBatchesStore((state) => state.list);
  const loadList = useBatchesStore((state) => state.loadList);
  if (list.status === 'failed') {
    return <LoadFailed error={list.error} reloadLabel={t('activate.reload')} onReload={() => void loadList()} />;
  }
  if (list.status === 'ready') {
    return (
      <div className="card batches-empty" data-testid="activate-empty">
        <h2>{t('activate.empty.title')}</h2>
        <p>{t('activate.empty.body')}</p>
        <button type="button" className="button button--primary" onClick={() => navigate('batches')}>
          {t('activate.empty.action')}
        </button>
      </div>
    );
  }
  return <p className="muted">{t('activate.loading')}</p>;
}
