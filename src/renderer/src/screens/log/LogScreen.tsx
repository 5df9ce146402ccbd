import { useEffect, useMemo, useState } from 'react';
import { BusyButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { LoadFailed } from '@renderer/components/LoadFailed';
import { OutcomeLine } from '@renderer/components/OutcomeLine';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useLocale } from '@renderer/store/app-store';
import { useLogStore, type LogTab, type PagedList } from '@renderer/store/log-store';
import { useFormat } from '../batches/use-format';
import { AuditHeadLine } from './AuditHeadLine';
import { AuditTable } from './AuditTable';
import { downloadText } from '@renderer/components/download';
import { LogFilters } from './LogFilters';
import { ScanTable } from './ScanTable';
import { reportPeriod, resolveRange } from './time-range';

const TABS: readonly LogTab[] = ['scans', 'audit'];

/** Log: scans and audit entries with filters, newest first, page by page; the shift report as CSV. */
export function LogScreen() {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const tab = useLogStore((state) => state.tab);
  const filters = useLogStore((state) => state.filters);
  const scans = useLogStore((state) => state.scans);
  const audit = useLogStore((state) => state.audit);
  const setTab = useLogStore((state) => state.setTab);
  const load = useLogStore((state) => state.load);
  const loadMore = useLogStore((state) => state.loadMore);
  const loadApplications = useLogStore((state) => state.loadApplications);
  const shiftReport = useLogStore((state) => state.shiftReport);
  const [done, setDone] = useState<string | undefined>();
  const exporting = useAction();

  // Any filter change (or tab switch) reloads the first page; only the latest answer lands.
  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    void load();
  }, [load, tab, filtersKey]);
  useEffect(() => {
    void loadApplications();
  }, [loadApplications]);

  const stations = useMemo(() => [...new Set(scans.items.map((scan) => scan.station))].sort(), [scans.items]);
  const actors = useMemo(() => [...new Set(audit.items.map((entry) => entry.actor))].sort(), [audit.items]);
  const now = new Date();
  const canReport = reportPeriod(resolveRange(filters.pick, now, { from: filters.customFrom, to: filters.customTo }), now) !== undefined;

  async function exportReport() {
    setDone(undefined);
    const exported = await exporting.run(() => shiftReport(locale));
    const report = exported.ok ? exported.value : undefined;
    if (!report) return;
    downloadText(report.csv, report.filename);
    setDone(t('log.report.done', { file: report.filename, count: format.count(report.scans) }));
  }

  const list: PagedList<unknown> = tab === 'scans' ? scans : audit;

  return (
    <section className="screen log" data-testid="screen-log">
      <div className="log-header">
        <h1>{t('log.title')}</h1>
        <div className="actions">
          <BusyButton
            className="button button--primary"
            data-testid="log-report"
            busy={exporting.busy}
            disabled={!canReport}
            label={t('log.report.button')}
            busyLabel={t('log.report.working')}
            onClick={() => void exportReport()}
          />
        </div>
      </div>
      <p className="muted log-hint">{canReport ? t('log.report.hint') : t('log.customIncomplete')}</p>
      <AuditHeadLine refreshKey={`${tab}:${filtersKey}:${done ?? ''}`} />
      <OutcomeLine className="log-status" testId="log-status" done={done} error={exporting.error} />

      <div className="log-tabs" role="tablist" aria-label={t('log.tabs.label')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`log-tab-${name}`}
            aria-selected={tab === name}
            aria-controls="log-panel"
            className={tab === name ? 'log-tab log-tab--active' : 'log-tab'}
            onClick={() => setTab(name)}
          >
            {t(`log.tab.${name}`)}
          </button>
        ))}
      </div>

      <div role="tabpanel" id="log-panel" aria-labelledby={`log-tab-${tab}`} aria-busy={list.state.status === 'loading'} data-tab={tab}>
        <LogFilters stations={stations} actors={actors} />

        {list.state.status === 'failed' ? (
          <LoadFailed error={list.state.error} reloadLabel={t('log.reload')} onReload={() => void load()} />
        ) : null}
        {list.state.status === 'loading' && list.items.length === 0 ? <p className="muted">{t('log.loading')}</p> : null}

        {list.state.status === 'ready' && list.items.length === 0 ? (
          <div className="card log-empty" data-testid="log-empty">
            <p>{list.next !== null ? t('log.audit.searchMore') : tab === 'scans' ? t('log.empty.scans') : t('log.empty.audit')}</p>
          </div>
        ) : null}

        {list.items.length > 0 ? tab === 'scans' ? <ScanTable scans={scans.items} /> : <AuditTable entries={audit.items} /> : null}

        {list.state.status === 'ready' ? (
          <div className="log-more" data-testid="log-more">
            {list.items.length > 0 ? <span className="muted">{t('log.shown', { count: format.count(list.items.length) })}</span> : null}
            {list.next !== null ? (
              <button type="button" className="button" disabled={list.loadingMore} onClick={() => void loadMore()}>
                {list.loadingMore ? t('log.loadingMore') : t('log.loadMore')}
              </button>
            ) : list.items.length > 0 ? (
              <span className="muted">{t('log.end')}</span>
            ) : null}
            {list.moreError ? <ErrorMessage error={list.moreError} /> : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
