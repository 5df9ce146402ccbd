import { create } from 'zustand';
import type {
  ApplicationDetail,
  ApplicationSummary,
  ApplyRequest,
  ExportRequest,
  ImportProgress,
  PrintRunSummary,
} from '@shared/batches-contract';
import type { AppErrorPayload } from '@shared/errors';
import { call } from '../api/call';
import { toErrorPayload } from '../api/refusal';

type ListState = { status: 'idle' } | { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppErrorPayload };

interface BatchesState {
  list: ListState;
  /** Newest first, as main lists them. */
  applications: ApplicationSummary[];
  /** The latest progress event per isv_application_id, while it is downloading. */
  progress: Record<string, ImportProgress>;
  /** The isv_application_id whose detail is open. */
  selected: string | undefined;
  detail: ApplicationDetail | undefined;
  detailError: AppErrorPayload | undefined;
  loadList(): Promise<void>;
  /** Keeps the list (and the open detail) live from main's events; returns the unsubscribe. */
  subscribe(): () => void;
  select(isv: string | undefined): void;
  refreshDetail(): Promise<void>;
  /** Records an application and opens it. Throws CallError. */
  apply(request: ApplyRequest): Promise<ApplicationSummary>;
  /** Throws CallError. */
  retry(isv: string): Promise<ApplicationSummary>;
  /** Null when the save dialog was cancelled. Throws CallError. */
  exportRange(request: ExportRequest): Promise<PrintRunSummary | null>;
  applyChanged(summary: ApplicationSummary): void;
  applyProgress(progress: ImportProgress): void;
}

/** Answers to older detail requests are dropped: only the latest one may land. */
let detailRequest = 0;

export const useBatchesStore = create<BatchesState>((set, get) => ({
  list: { status: 'idle' },
  applications: [],
  progress: {},
  selected: undefined,
  detail: undefined,
  detailError: undefined,

  async loadList() {
    if (get().list.status !== 'ready') set({ list: { status: 'loading' } });
    try {
      const loaded = await call('batches.list', {});
      // An event may have overtaken the answer: keep whichever summary is newer.
      const current = new Map(get().applications.map((summary) => [summary.isv_application_id, summary]));
      const merged = loaded.map((summary) => newer(current.get(summary.isv_application_id), summary));
      const listed = new Set(loaded.map((summary) => summary.isv_application_id));
      const onlyFromEvents = get().applications.filter((summary) => !listed.has(summary.isv_application_id));
      set({ applications: sortNewestFirst([...onlyFromEvents, ...merged]), list: { status: 'ready' } });
    } catch (error) {
      set({ list: { status: 'failed', error: toErrorPayload(error) } });
    }
  },

  subscribe() {
    const unsubscribers = [
      window.api.on('batches.changed', (summary) => get().applyChanged(summary)),
      window.api.on('batches.progress', (progress) => get().applyProgress(progress)),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  },

  select(isv) {
    if (isv === get().selected) return;
    set({ selected: isv, detail: undefined, detailError: undefined });
    if (isv) void get().refreshDetail();
  },

  async refreshDetail() {
    const isv = get().selected;
    if (!isv) return;
    const request = ++detailRequest;
    try {
      const detail = await call('batches.get', { isv_application_id: isv });
      if (request === detailRequest && get().selected === isv) set({ detail, detailError: undefined });
    } catch (error) {
      if (request === detailRequest && get().selected === isv) set({ detailError: toErrorPayload(error) });
    }
  },

  async apply(request) {
    const summary = await call('batches.apply', request);
    get().applyChanged(summary);
    get().select(summary.isv_application_id);
    return summary;
  },

  async retry(isv) {
    const summary = await call('batches.retry', { isv_application_id: isv });
    get().applyChanged(summary);
    return summary;
  },

  async exportRange(request) {
    const { print_run } = await call('batches.export', request);
    if (print_run) await get().refreshDetail();
    return print_run;
  },

  applyChanged(summary) {
    const isv = summary.isv_application_id;
    const { applications, progress, selected, detail } = get();
    const at = applications.findIndex((item) => item.isv_application_id === isv);
    const next = at < 0 ? sortNewestFirst([summary, ...applications]) : applications.with(at, newer(applications[at], summary));
    const change: Partial<BatchesState> = { applications: next };
    // A speed from before a pause would mislead: progress only counts while downloading.
    if (summary.state !== 'downloading' && progress[isv]) {
      const rest = { ...progress };
      delete rest[isv];
      change.progress = rest;
    }
    if (selected === isv && detail) change.detail = { ...detail, application: newer(detail.application, summary) };
    set(change);
    if (selected === isv) void get().refreshDetail();
  },

  applyProgress(progress) {
    set({ progress: { ...get().progress, [progress.isv_application_id]: progress } });
  },
}));

/** The codes imported so far: whole segments from the summary, or further into a segment from the latest progress. */
export function codesDone(summary: ApplicationSummary, progress: ImportProgress | undefined): number {
  if (summary.state !== 'downloading' || !progress) return summary.codes_imported;
  return Math.min(summary.code_count, Math.max(summary.codes_imported, progress.codes_imported));
}

function newer(current: ApplicationSummary | undefined, incoming: ApplicationSummary): ApplicationSummary {
  return current && current.updated_at > incoming.updated_at ? current : incoming;
}

function sortNewestFirst(applications: ApplicationSummary[]): ApplicationSummary[] {
  return [...applications].sort((a, b) =>
    a.created_at === b.created_at ? a.isv_application_id.localeCompare(b.isv_application_id) : a.created_at < b.created_at ? 1 : -1,
  );
}

