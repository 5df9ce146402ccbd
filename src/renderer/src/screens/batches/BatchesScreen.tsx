import { useEffect, useState } from 'react';
import { LoadFailed } from '@renderer/components/LoadFailed';
import { useT } from '@renderer/i18n/use-t';
import { useBatchesStore } from '@renderer/store/batches-store';
import { ApplicationDetailPanel } from './ApplicationDetailPanel';
import { ApplicationRow } from './ApplicationRow';
import { ApplyPanel } from './ApplyPanel';

/** Batches: apply for codes, follow each application's import, open one for its segments, strip and exports. */
export function BatchesScreen() {
  const t = useT();
  const list = useBatchesStore((state) => state.list);
  const applications = useBatchesStore((state) => state.applications);
  const progress = useBatchesStore((state) => state.progress);
  const selected = useBatchesStore((state) => state.selected);
  const loadList = useBatchesStore((state) => state.loadList);
  const subscribe = useBatchesStore((state) => state.subscribe);
  const select = useBatchesStore((state) => state.select);
  const refreshDetail = useBatchesStore((state) => state.refreshDetail);
  const [applying, setApplying] = useState(false);

  useEffect(() => {
    const unsubscribe = subscribe();
    void loadList();
    // Events were missed while the screen was away: the open application may have moved on.
    void refreshDetail();
    return unsubscribe;
  }, [subscribe, loadList, refreshDetail]);

  const empty = list.status === 'ready' && applications.length === 0;

  return (
    <section className="screen batches" data-testid="screen-batches">
      <div className="batches-header">
        <h1>{t('batches.title')}</h1>
        {!applying && !empty ? (
          <button type="button" className="button button--primary" onClick={() => setApplying(true)}>
            {t('batches.apply')}
          </button>
        ) : null}
      </div>

      {applying ? <ApplyPanel onClose={() => setApplying(false)} /> : null}

      {list.status === 'failed' ? (
        <LoadFailed error={list.error} reloadLabel={t('batches.reload')} onReload={() => void loadList()} />
      ) : null}
      {list.status === 'loading' ? <p className="muted">{t('batches.loading')}</p> : null}

      {empty && !applying ? (
        <div className="card batches-empty" data-testid="batches-empty">
          <h2>{t('batches.empty.title')}</h2>
          <p>{t('batches.empty.body')}</p>
          <button type="button" className="button button--primary" onClick={() => setApplying(true)}>
            {t('batches.empty.action')}
          </button>
        </div>
      ) : null}

      <div className={selected ? 'batches-layout batches-layout--open' : 'batches-layout'}>
        {applications.length > 0 ? (
          <ul className="batches-list" aria-label={t('batches.list.label')}>
            {applications.map((summary) => (
              <ApplicationRow
                key={summary.isv_application_id}
                summary={summary}
                progress={progress[summary.isv_application_id]}
                selected={summary.isv_application_id === selected}
                onOpen={() => select(summary.isv_application_id === selected ? undefined : summary.isv_application_id)}
              />
            ))}
          </ul>
        ) : null}
        <ApplicationDetailPanel />
      </div>
    </section>
  );
}
