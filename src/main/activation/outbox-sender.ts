import type { ActivationConfirmation } from '../../shared/activation-contract';
import type { AppErrorPayload } from '../../shared/errors';
import { toErrorPayload } from '../../shared/error-catalogue/app';
import type { AuditLog } from '../audit';
import type { ActiveConnection } from '../connection';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import { ERRCODE } from '../simulator';
import { classifyFailure, DEFAULT_RETRY_POLICY, isWechatError, nextRetryDelayMs, type RetryPolicy } from '../wechat';
import { firstDifference } from './activation-difference';
import type { ActivationRow, ActivationStore } from './activation-store';

/**
 * Errcodes meaning "the service already holds different details for (part of)
 * this range". The real service's code is undocumented; the simulator's is
 * listed in docs/simulator.md. Add the real one here once seen.
 */
export const CONFLICT_ERRCODES: readonly number[] = [ERRCODE.SIM_ACTIVATION_CONFLICT];

export interface OutboxSenderOptions {
  db: SqliteDatabase;
  store: ActivationStore;
  audit: AuditLog;
  logger: Logger;
  connection: () => Promise<ActiveConnection>;
  now?: () => number;
  random?: () => number;
  /** Waiting for the network after the client's own retries gave up. */
  offlineRetry?: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  onChanged?: (id: number) => void;
}

export type SendStep = 'idle' | 'progressed' | 'waiting';

/**
 * Sends recorded activations with `codeactive`, strictly in the order they were
 * recorded, then confirms each with `codeactivequery`. The state is committed
 * before every call: a crash while 'sending' re-sends the same activation on
 * restart (an identical re-send is accepted), never a different one.
 */
export function createOutboxSender(options: OutboxSenderOptions) {
  const { db, store, audit, logger } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5_000, maxDelayMs: 60_000, ...options.offlineRetry };
  const iso = (ms = now()) => new Date(ms).toISOString();
  const changed = (id: number) => options.onChanged?.(id);

  async function send(row: ActivationRow, connection: ActiveConnection): Promise<SendStep> {
    if (!store.markSending(row.id, iso())) return 'progressed';
    changed(row.id);
    try {
      await connection.client.activateCodes({
        application_id: row.application_id,
        activity_name: row.activity_name,
        product_brand: row.product_brand,
        product_title: row.product_title,
        product_code: row.product_code,
        wxa_appid: row.wxa_appid,
        wxa_path: row.wxa_path,
        wxa_type: row.wxa_type as 0 | 1 | 2,
        code_start: row.code_start,
        code_end: row.code_end,
      });
    } catch (error) {
      return failed(row, error);
    }
    db.transaction(() => {
      store.markActive(row.id, iso());
      audit.append({
        actor: 'system',
        action: 'activation.sent',
        subject: `application:${row.application_id}`,
        details: { activation_id: row.id, attempts: row.attempts + 1 },
      });
    }).immediate();
    changed(row.id);
    await confirm(store.byId(row.id)!, connection);
    return 'progressed';
  }

  function failed(row: ActivationRow, error: unknown): SendStep {
    const payload = toErrorPayload(error);
    const errcode = isWechatError(error) ? error.errcode : undefined;
    if (errcode !== undefined && CONFLICT_ERRCODES.includes(errcode)) {
      finalize(row, 'conflict', payload);
      return 'progressed';
    }
    const delay = classifyFailure(error) === 'permanent' ? undefined : nextRetryDelayMs(error, row.attempts + 1, policy, random);
    if (delay === undefined) {
      finalize(row, 'failed', payload);
      return 'progressed';
    }
    // Back to pending: it goes out when the service answers again, still first in line.
    store.markWaiting(row.id, payload, iso(now() + delay), iso());
    logger.info('activation postponed', { id: row.id, code: payload.code, delayMs: delay });
    changed(row.id);
    return 'waiting';
  }

  function finalize(row: ActivationRow, state: 'failed' | 'conflict', payload: AppErrorPayload): void {
    db.transaction(() => {
      store.markFinal(row.id, state, payload, iso());
      audit.append({
        actor: 'system',
        action: `activation.${state}`,
        subject: `application:${row.application_id}`,
        details: { activation_id: row.id, error_code: payload.code },
      });
    }).immediate();
    logger.warn(`activation ${state}`, { id: row.id, code: payload.code });
    changed(row.id);
  }

  /** Asks the service about the first, the last and one random index of the range and records what it says. */
  async function confirm(row: ActivationRow, connection: ActiveConnection): Promise<void> {
    const indices = [
      ...new Set([row.code_start, row.code_end, row.code_start + Math.floor(random() * (row.code_end - row.code_start + 1))]),
    ];
    const checked: ActivationConfirmation['checked'] = [];
    for (const code_index of indices) {
      try {
        const remote = await connection.client.queryActivation({ application_id: row.application_id, code_index });
        const difference = firstDifference(remote, row);
        checked.push({ code_index, ok: !difference, reason: difference ? `${difference.field}: ${String(difference.theirs)}` : null });
      } catch (error) {
        if (classifyFailure(error) !== 'permanent') return; // offline: confirm later
        checked.push({ code_index, ok: false, reason: toErrorPayload(error).code });
      }
    }
    const confirmation: ActivationConfirmation = { ok: checked.every((check) => check.ok), checked };
    db.transaction(() => {
      store.recordConfirmation(row.id, confirmation, iso());
      audit.append({
        actor: 'system',
        action: confirmation.ok ? 'activation.confirmed' : 'activation.mismatch',
        subject: `application:${row.application_id}`,
        details: { activation_id: row.id, indices: indices.join(',') },
      });
    }).immediate();
    changed(row.id);
  }

  /** One unit of work: send the head of the queue, or confirm an unconfirmed activation. */
  async function step(): Promise<SendStep> {
    const head = store.outboxHead();
    const unconfirmed = head ? undefined : store.firstUnconfirmed();
    if (!head && !unconfirmed) return 'idle';
    if (head?.next_attempt_at && Date.parse(head.next_attempt_at) > now()) return 'waiting';
    let connection: ActiveConnection;
    try {
      connection = await options.connection();
    } catch (error) {
      logger.warn('outbox has no connection', { code: toErrorPayload(error).code });
      return 'waiting';
    }
    if (head) return send(head, connection);
    await confirm(unconfirmed!, connection);
    return store.firstUnconfirmed()?.id === unconfirmed!.id ? 'waiting' : 'progressed';
  }

  /** When the head of the queue may be tried again (for the background loop's timer). */
  function nextDueInMs(): number | undefined {
    const head = store.outboxHead();
    if (!head) return store.firstUnconfirmed() ? policy.baseDelayMs : undefined;
    return head.next_attempt_at ? Math.max(0, Date.parse(head.next_attempt_at) - now()) : 0;
  }

  return { step, nextDueInMs };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
