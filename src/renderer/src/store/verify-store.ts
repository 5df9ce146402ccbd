import { create } from 'zustand';
import type { AppErrorPayload } from '@shared/errors';
import type { ScanResult, ScanSession, StartSessionRequest, Verdict } from '@shared/verification-contract';
import { call } from '../api/call';
import { refusalOf } from '../api/refusal';

/** How many scans the screen lists. */
export const RECENT_SCANS = 50;

type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppErrorPayload };

/** A scan main refused (an unacknowledged FAIL, a transport failure): shown on the verdict panel, never counted. */
export interface Refusal {
  input: string;
  error: AppErrorPayload;
  /** Bumped on each refusal so the same refusal twice still sounds twice. */
  serial: number;
}

interface VerifyState {
  load: LoadState;
  /** The running session on this station; null when none. */
  session: ScanSession | null;
  /** The session's newest scans, newest first (at most RECENT_SCANS). */
  scans: ScanResult[];
  /** The last refused scan, until the next scan or acknowledgement lands. */
  refusal: Refusal | undefined;
  /** The session just ended, shown until dismissed. */
  summary: ScanSession | undefined;
  /** Loads the running session and its recent scans (again after a restart: sessions survive it). */
  loadSession(): Promise<void>;
  /** Follows verify.scanned, verify.scanUpdated, verify.sessionChanged and verify.scanRefused; returns the unsubscribe. */
  subscribe(): () => void;
  /** Throws CallError (refusals such as SUPERVISOR_REQUIRED are answered by the unlock dialog first). */
  startSession(request: StartSessionRequest): Promise<void>;
  /** Throws CallError. */
  endSession(): Promise<void>;
  dismissSummary(): void;
  /** Sends one keyboard-wedge scan; a refusal lands in `refusal`, never thrown. */
  scan(input: string): Promise<void>;
  /** Acknowledges the FAIL with the button; a refusal lands in `refusal`. */
  acknowledge(scanId: number): Promise<void>;
  /** A scan from an event (verify.scanned / verify.scanUpdated): counted, and always the newest word on it. */
  applyEvent(scan: ScanResult): void;
  applySession(session: ScanSession | null): void;
}

/**
 * Events arrive in order on one channel; answers to invokes race them (the
 * answer to verify.scan can land after the verify.scanUpdated that confirmed
 * it). So counters follow events only (verify.scanned adds, verify.scanUpdated
 * moves, a session snapshot replaces), with `countedAs` remembering each
 * counted scan's verdict; and an answer is applied only where no event about
 * the same scan arrived after its request left (`seen` vs `askedAt`).
 */
const countedAs = new Map<number, Verdict>();
/** The newest scan id loaded with the session: older scans are in its counts, with verdicts we may not know. */
let loadedThrough = 0;
const seen = new Map<number, number>();
let eventCount = 0;
let refusals = 0;

/** A session starts or ends here: nothing counted yet. */
function forgetCounted() {
  countedAs.clear();
  loadedThrough = 0;
}

export const useVerifyStore = create<VerifyState>((set, get) => {
  function refuse(input: string, error: unknown) {
    set({ refusal: { input, error: refusalOf(error), serial: ++refusals } });
  }

  /** Counts a new scan, or moves a known one whose verdict changed. */
  function count(scan: ScanResult) {
    const session = get().session;
    if (!session || scan.session_id !== session.id) return;
    const before = countedAs.get(scan.id);
    if (before === scan.verdict) return;
    if (before === undefined && scan.id <= loadedThrough) {
      // A scan from before the last 50 changed: main's counts say how it now stands.
      countedAs.set(scan.id, scan.verdict);
      void refreshCounts(session.id);
      return;
    }
    const counts = { ...session.counts };
    if (before) counts[before] = Math.max(0, (counts[before] ?? 0) - 1);
    counts[scan.verdict] = (counts[scan.verdict] ?? 0) + 1;
    countedAs.set(scan.id, scan.verdict);
    set({ session: { ...session, counts, total: before ? session.total : session.total + 1 } });
  }

  async function refreshCounts(sessionId: number) {
    try {
      const fresh = await call('verify.currentSession', {});
      const session = get().session;
      if (fresh && session?.id === sessionId && fresh.id === sessionId)
        set({ session: { ...session, counts: fresh.counts, total: fresh.total } });
    } catch (error) {
      // A refused refresh keeps the counts already shown; a bug is thrown on.
      refusalOf(error);
    }
  }

  /** Puts a scan of the running session into the list (newest first, at most RECENT_SCANS). */
  function show(scan: ScanResult) {
    const scans = get().scans;
    const at = scans.findIndex((item) => item.id === scan.id);
    if (at >= 0) {
      // The answer and the verify.scanned event carry the same scan: render it once.
      if (!sameState(scans[at]!, scan)) set({ scans: scans.with(at, scan) });
      return;
    }
    // Newest first; an answer overtaken by newer scans slots in by id.
    const next = scans.length === 0 || scan.id > scans[0]!.id ? [scan, ...scans] : newestFirst([...scans, scan]);
    set({ scans: next.length > RECENT_SCANS ? next.slice(0, RECENT_SCANS) : next });
  }

  /** An answer, unless an event about the same scan overtook it. */
  function applyAnswer(scan: ScanResult, askedAt: number) {
    if ((seen.get(scan.id) ?? -1) > askedAt) return;
    const session = get().session;
    if (session && scan.session_id === session.id) show(scan);
  }

  return {
    load: { status: 'loading' },
    session: null,
    scans: [],
    refusal: undefined,
    summary: undefined,

    async loadSession() {
      if (get().load.status !== 'ready') set({ load: { status: 'loading' } });
      try {
        const session = await call('verify.currentSession', {});
        const scans = session ? await call('verify.recentScans', { session_id: session.id, limit: RECENT_SCANS }) : [];
        countedAs.clear();
        for (const scan of scans) countedAs.set(scan.id, scan.verdict);
        loadedThrough = Math.max(0, ...scans.map((scan) => scan.id));
        set({ session, scans: newestFirst(scans), load: { status: 'ready' } });
      } catch (error) {
        set({ load: { status: 'failed', error: refusalOf(error) } });
      }
    },

    subscribe() {
      const unsubscribers = [
        window.api.on('verify.scanned', (scan) => get().applyEvent(scan)),
        window.api.on('verify.scanUpdated', (scan) => get().applyEvent(scan)),
        window.api.on('verify.sessionChanged', (session) => get().applySession(session)),
        // HID scans refused in main (a FAIL awaits acknowledgement) never pass through `scan`; ours arrive as the answer.
        window.api.on('verify.scanRefused', (refused) => {
          if (refused.source !== 'wedge' && get().session)
            set({ refusal: { input: refused.input, error: refused.error, serial: ++refusals } });
        }),
      ];
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    },

    async startSession(request) {
      const session = await call('verify.startSession', request);
      forgetCounted();
      set({ session, scans: [], refusal: undefined, summary: undefined });
    },

    async endSession() {
      const session = get().session;
      if (!session) return;
      const summary = await call('verify.endSession', { session_id: session.id });
      forgetCounted();
      set({ session: null, scans: [], refusal: undefined, summary });
    },

    dismissSummary: () => set({ summary: undefined }),

    async scan(input) {
      const askedAt = eventCount;
      try {
        const scan = await call('verify.scan', { input, source: 'wedge' });
        applyAnswer(scan, askedAt);
        if (get().refusal) set({ refusal: undefined });
      } catch (error) {
        refuse(input, error);
      }
    },

    async acknowledge(scanId) {
      const askedAt = eventCount;
      try {
        applyAnswer(await call('verify.acknowledge', { scan_id: scanId, via: 'button' }), askedAt);
        set({ refusal: undefined });
      } catch (error) {
        const scan = get().scans.find((item) => item.id === scanId);
        refuse(scan?.input ?? '', error);
      }
    },

    applyEvent(scan) {
      seen.set(scan.id, ++eventCount);
      const session = get().session;
      if (!session || scan.session_id !== session.id) return;
      count(scan);
      show(scan);
    },

    applySession(session) {
      const current = get().session;
      if (session && session.ended_at === null) {
        if (current?.id !== session.id) {
          forgetCounted();
          set({ session, scans: [], refusal: undefined });
        } else {
          set({ session });
        }
        return;
      }
      // Ended (here, on another window or from the CLI): the summary shows what it counted.
      if (current && (session === null || session.id === current.id)) {
        forgetCounted();
        set({ session: null, scans: [], refusal: undefined, summary: session ?? get().summary });
      }
    },
  };
});

/** Whether two copies of one scan show the same (everything that can change after it was recorded). */
function sameState(a: ScanResult, b: ScanResult): boolean {
  return (
    a.verdict === b.verdict &&
    a.remote === b.remote &&
    a.needs_ack === b.needs_ack &&
    a.acknowledged_by === b.acknowledged_by &&
    a.reason?.code === b.reason?.code
  );
}

function newestFirst(scans: ScanResult[]): ScanResult[] {
  return [...scans].sort((a, b) => b.id - a.id);
}

/** The scan the verdict panel shows: the newest one. */
export function latestScan(scans: readonly ScanResult[]): ScanResult | undefined {
  return scans[0];
}

/** The FAIL that blocks scanning until acknowledged, if any. */
export function pendingAck(scans: readonly ScanResult[]): ScanResult | undefined {
  return scans.find((scan) => scan.needs_ack && scan.acknowledged_by === null);
}
