import { create } from 'zustand';
import type { AppErrorPayload, Locale } from '@shared/errors';
import type { LogAuditEntry, LogAuditRequest, LogScan, LogScansRequest, ShiftReport } from '@shared/log-contract';
import type { Verdict } from '@shared/verification-contract';
import { call } from '../api/call';
import { toErrorPayload } from '../api/refusal';
import { reportPeriod, resolveRange, type RangePick, type TimeRange } from '../screens/log/time-range';

export type LogTab = 'scans' | 'audit';

export interface LogFilters {
  pick: RangePick;
  /** datetime-local values, used when `pick` is 'custom'. */
  customFrom: string;
  customTo: string;
  /** Empty: every verdict. */
  verdicts: Verdict[];
  station: string;
  /** An application_id as text; '' for all. Filters scans by application and audit entries by subject. */
  application: string;
  actor: string;
  /** Audit action prefix, e.g. 'activation'. */
  action: string;
}

export const DEFAULT_FILTERS: LogFilters = {
  pick: 'shift',
  customFrom: '',
  customTo: '',
  verdicts: [],
  station: '',
  application: '',
  actor: '',
  action: '',
};

export type PageStatus = { status: 'idle' } | { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppErrorPayload };

export interface PagedList<T> {
  state: PageStatus;
  items: T[];
  /** The cursor for "load more"; null at the end. */
  next: number | null;
  loadingMore: boolean;
  moreError: AppErrorPayload | undefined;
  /** The range the list was loaded for: "load more" keeps it even as "this shift" moves on. */
  range: TimeRange;
}

/** An application the filter offers (from batches.list). */
export interface ApplicationOption {
  application_id: number;
  label: string | null;
}

interface LogState {
  tab: LogTab;
  filters: LogFilters;
  scans: PagedList<LogScan>;
  audit: PagedList<LogAuditEntry>;
  applications: ApplicationOption[];
  setTab(tab: LogTab): void;
  setFilters(change: Partial<LogFilters>): void;
  /** (Re)loads the first page of the open tab with the current filters. */
  load(): Promise<void>;
  loadMore(): Promise<void>;
  loadApplications(): Promise<void>;
  /** The shift report for the current time range and station; throws CallError. Undefined when the range has no start. */
  shiftReport(locale: Locale): Promise<ShiftReport | undefined>;
}

const emptyList = <T>(): PagedList<T> => ({
  state: { status: 'idle' },
  items: [],
  next: null,
  loadingMore: false,
  moreError: undefined,
  range: {},
});

interface Lists {
  scans: PagedList<LogScan>;
  audit: PagedList<LogAuditEntry>;
}
type Fetcher<K extends LogTab> = (
  filters: LogFilters,
  range: TimeRange,
  before: number | undefined,
) => Promise<{ items: Lists[K]['items']; next: number | null }>;

/** An application_id typed as text, or undefined. */
function applicationOf(filters: LogFilters): number | undefined {
  const text = filters.application.trim();
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

const FETCHERS: { [K in LogTab]: Fetcher<K> } = {
  async scans(filters, range, before) {
    const application = applicationOf(filters);
    const request: LogScansRequest = {
      ...range,
      ...(filters.verdicts.length > 0 ? { verdicts: filters.verdicts } : {}),
      ...(filters.station.trim() ? { station: filters.station.trim() } : {}),
      ...(application === undefined ? {} : { application_id: application }),
      ...(before === undefined ? {} : { before_id: before }),
    };
    const page = await call('log.scans', request);
    return { items: page.scans, next: page.next_before_id };
  },
  async audit(filters, range, before) {
    const application = applicationOf(filters);
    const action = filters.action.trim().toLowerCase();
    const request: LogAuditRequest = {
      ...range,
      ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
      ...(action ? { action_prefix: action } : {}),
      ...(application === undefined ? {} : { application_id: application }),
      ...(before === undefined ? {} : { before_seq: before }),
    };
    const page = await call('log.audit', request);
    return { items: page.entries, next: page.next_before_seq };
  },
};

/** Answers to older requests are dropped: only the latest one per tab may land. */
const requests: Record<LogTab, number> = { scans: 0, audit: 0 };

export const useLogStore = create<LogState>((set, get) => {
  const patch = <K extends LogTab>(tab: K, change: Partial<Lists[K]>) =>
    set((state) => ({ [tab]: { ...state[tab], ...change } }) as unknown as Pick<LogState, K>);

  async function loadFirst<K extends LogTab>(tab: K) {
    const request = ++requests[tab];
    const { filters } = get();
    const range = resolveRange(filters.pick, new Date(), { from: filters.customFrom, to: filters.customTo });
    patch(tab, { state: { status: 'loading' }, range, moreError: undefined } as Partial<Lists[K]>);
    try {
      const page = await FETCHERS[tab](filters, range, undefined);
      if (request === requests[tab]) patch(tab, { state: { status: 'ready' }, items: page.items, next: page.next } as Partial<Lists[K]>);
    } catch (error) {
      if (request === requests[tab]) {
        patch(tab, { state: { status: 'failed', error: toErrorPayload(error) }, items: [] as Lists[K]['items'], next: null } as Partial<
          Lists[K]
        >);
      }
    }
  }

  async function loadNext<K extends LogTab>(tab: K) {
    const list = get()[tab];
    if (list.next === null || list.loadingMore) return;
    const request = requests[tab];
    patch(tab, { loadingMore: true, moreError: undefined } as Partial<Lists[K]>);
    try {
      const page = await FETCHERS[tab](get().filters, list.range, list.next);
      if (request !== requests[tab]) return;
      const items = [...(get()[tab].items as Lists[K]['items']), ...page.items];
      patch(tab, { items, next: page.next, loadingMore: false } as Partial<Lists[K]>);
    } catch (error) {
      if (request === requests[tab]) patch(tab, { loadingMore: false, moreError: toErrorPayload(error) } as Partial<Lists[K]>);
    }
  }

  return {
    tab: 'scans',
    filters: DEFAULT_FILTERS,
    scans: emptyList(),
    audit: emptyList(),
    applications: [],

    setTab: (tab) => set({ tab }),
    setFilters: (change) => set((state) => ({ filters: { ...state.filters, ...change } })),
    load: () => loadFirst(get().tab),
    loadMore: () => loadNext(get().tab),

    async loadApplications() {
      try {
        const applications = await call('batches.list', {});
        set({
          applications: applications.flatMap((summary) =>
            summary.application_id === null ? [] : [{ application_id: summary.application_id, label: summary.label }],
          ),
        });
      } catch {
        // The filter then offers "all" only; the lists themselves still work.
      }
    },

    async shiftReport(locale) {
      const { filters } = get();
      const now = new Date();
      const period = reportPeriod(resolveRange(filters.pick, now, { from: filters.customFrom, to: filters.customTo }), now);
      if (!period) return undefined;
      return call('log.shiftReport', {
        ...period,
        locale,
        time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        ...(filters.station.trim() ? { station: filters.station.trim() } : {}),
      });
    },
  };
});

