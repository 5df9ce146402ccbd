import type { AppErrorPayload } from '../../shared/errors';
import { toErrorPayload } from '../../shared/error-catalogue/app';
import { verificationErrors } from '../../shared/error-catalogue/verification';
import type { ActiveConnection } from '../connection';
import { ERRCODE } from '../simulator';
import { isWechatError, type ActivationInfo } from '../wechat';

/**
 * codeactivequery for the verification engine: at most `concurrency` calls at
 * once, each with a timeout; answers cached per activated range (the range the
 * service reports) for `cacheTtlMs`, so a run of cartons from one activation
 * costs one call; concurrent asks about one local range share one call.
 */

/**
 * Errcodes meaning "this code is not activated" / "no such code". The real service's codes are not
 * documented; the simulator's are listed in docs/simulator.md. Add the real ones here once seen.
 */
export const NOT_ACTIVATED_ERRCODES: readonly number[] = [ERRCODE.SIM_CODE_NOT_ACTIVATED];
export const UNKNOWN_CODE_ERRCODES: readonly number[] = [ERRCODE.SIM_CODE_NOT_FOUND, ERRCODE.SIM_APPLICATION_NOT_FOUND];

export type RemoteAnswer =
  | { kind: 'activated'; info: ActivationInfo }
  | { kind: 'not_activated'; errcode: number | null }
  | { kind: 'unknown_code'; errcode: number | null }
  /** No answer (network, timeout, busy, quota, token, permission): the local verdict stands; asked again later. */
  | { kind: 'offline'; error: AppErrorPayload; called: boolean };

export interface RemoteLookupOptions {
  connection: () => Promise<ActiveConnection>;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Per request, and (×3) for the call with the client's own retries (default 5 s). */
  callTimeoutMs?: number;
  /** How long a remote answer for a range is trusted (default 10 min). */
  cacheTtlMs?: number;
  now?: () => number;
  /** While true, calls are not made (the engine is backing off after going offline) unless probing. */
  holdCalls?: () => boolean;
  /** Aborts calls in flight when the engine stops. */
  signal?: AbortSignal;
}

interface CacheEntry {
  code_start: number;
  code_end: number;
  info: ActivationInfo;
  fetched_at: number;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_CALL_TIMEOUT_MS = 5_000;
export const DEFAULT_CACHE_TTL_MS = 10 * 60_000;

export function createRemoteLookup(options: RemoteLookupOptions) {
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const cache = createRangeCache(options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS, options.now ?? Date.now);
  const withSlot = createSlots(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY));
  const inFlight = new Map<string, Promise<RemoteAnswer>>();
  const stats = { calls: 0, cacheHits: 0, shared: 0 };

  function fromCache(applicationId: number, codeIndex: number): RemoteAnswer | undefined {
    const info = cache.covering(applicationId, codeIndex);
    if (!info) return undefined;
    stats.cacheHits += 1;
    return { kind: 'activated', info };
  }

  async function ask(applicationId: number, codeIndex: number): Promise<RemoteAnswer> {
    stats.calls += 1;
    try {
      const connection = await options.connection();
      const deadline = AbortSignal.timeout(callTimeoutMs * 3);
      const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
      const info = await connection.client.queryActivation(
        { application_id: applicationId, code_index: codeIndex },
        { timeoutMs: callTimeoutMs, signal },
      );
      cache.remember(applicationId, codeIndex, info);
      return { kind: 'activated', info };
    } catch (error) {
      return classify(error);
    }
  }

  function call(applicationId: number, codeIndex: number, key: string, probe: boolean): Promise<RemoteAnswer> {
    const promise = withSlot(async (): Promise<RemoteAnswer> => {
      // Someone may have filled the cache while this waited for a slot.
      const hit = fromCache(applicationId, codeIndex);
      if (hit) return hit;
      if (!probe && options.holdCalls?.())
        return { kind: 'offline', error: verificationErrors.VERIFY_OFFLINE().toPayload(), called: false };
      return ask(applicationId, codeIndex);
    }).finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  }

  return {
    /**
     * What the service says about one code. `localRange` is the ledger's live activation covering it
     * (if any): asks about one local range at the same time share a call.
     */
    async lookup(
      applicationId: number,
      codeIndex: number,
      localRange: { code_start: number; code_end: number } | null,
      probe = false,
    ): Promise<RemoteAnswer> {
      const hit = fromCache(applicationId, codeIndex);
      if (hit) return hit;
      const key = localRange ? `${applicationId}:${localRange.code_start}-${localRange.code_end}` : `${applicationId}#${codeIndex}`;
      const shared = inFlight.get(key);
      if (!shared) return call(applicationId, codeIndex, key, probe);
      stats.shared += 1;
      const answer = await shared;
      if (answer.kind === 'offline') return answer;
      const info = cache.covering(applicationId, codeIndex);
      if (info) return { kind: 'activated', info };
      // The shared answer was about another index and does not cover this one: ask on its own.
      return call(applicationId, codeIndex, `${applicationId}#${codeIndex}`, probe);
    },
    /** Calls made, answers served from the cache, asks that waited on another's call. */
    stats: () => ({ ...stats }),
    clearCache: () => cache.clear(),
  };
}

/** Answers per activated range, trusted for `ttl` ms. */
function createRangeCache(ttl: number, now: () => number) {
  const entries = new Map<number, CacheEntry[]>();
  return {
    covering(applicationId: number, codeIndex: number): ActivationInfo | undefined {
      const at = now();
      return entries
        .get(applicationId)
        ?.find((entry) => entry.code_start <= codeIndex && codeIndex <= entry.code_end && at - entry.fetched_at < ttl)?.info;
    },
    remember(applicationId: number, codeIndex: number, info: ActivationInfo): void {
      // The range the service reports; without one, only this index is known.
      const ranged =
        typeof info.code_start === 'number' &&
        typeof info.code_end === 'number' &&
        info.code_start <= codeIndex &&
        codeIndex <= info.code_end;
      const entry: CacheEntry = {
        code_start: ranged ? info.code_start! : codeIndex,
        code_end: ranged ? info.code_end! : codeIndex,
        info,
        fetched_at: now(),
      };
      const at = entry.fetched_at;
      const kept = (entries.get(applicationId) ?? []).filter(
        (old) => at - old.fetched_at < ttl && (old.code_end < entry.code_start || old.code_start > entry.code_end),
      );
      kept.push(entry);
      entries.set(applicationId, kept);
    },
    clear: () => entries.clear(),
  };
}

/** At most `concurrency` pieces of work at once; a slot is handed straight to the next waiter, so the count never exceeds it. */
function createSlots(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

export type RemoteLookup = ReturnType<typeof createRemoteLookup>;

function classify(error: unknown): RemoteAnswer {
  if (isWechatError(error) && error.kind === 'api' && error.errcode !== undefined) {
    if (NOT_ACTIVATED_ERRCODES.includes(error.errcode)) return { kind: 'not_activated', errcode: error.errcode };
    if (UNKNOWN_CODE_ERRCODES.includes(error.errcode)) return { kind: 'unknown_code', errcode: error.errcode };
  }
  return { kind: 'offline', error: toErrorPayload(error), called: true };
}
