/**
 * Sends recorded activations with `codeactive`, strictly in the order they were
 * recorded, then confirms each with `codeactivequery`. The state is committed
 * before every call: a crash while 'sending' re-sends the same activation on
 * restart (an identical re-send is accepted), never a different one.
 * The decisions are in outbox-rules.ts; this file does the calls and the writes.
 */
import type { ActivationConfirmation } from '../../shared/activation-contract';
import type { AppErrorPayload } from '../../shared/errors';
import { toErrorPayload } from '../../shared/error-catalogue/app';
import type { AuditLog } from '../audit';
import type { ActiveConnection } from '../connection';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../wechat';
import type { ActivationRow, ActivationStore } from './activation-store';
import { productDetailsOf } from './product-details';
import {
  checkOfAnswer,
  checkOfFailure,
  confirmationIndices,
  nextOutboxWork,
  outboxDueInMs,
  sendFailureOutcome,
  type SendFailureOutcome,
} from './outbox-rules';

export type SendStep = 'idle' | 'progressed' | 'waiting';

export interface OutboxSender {
  /** One unit of work: send the head of the queue, or confirm an unconfirmed activation. */
  step(): Promise<SendStep>;
  /** When the head of the queue may be tried again (for the background loop's timer). */
  nextDueInMs(): number | undefined;
}

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

/** What the steps below share. */
interface Sender {
  db: SqliteDatabase;
  store: ActivationStore;
  audit: AuditLog;
  logger: Logger;
  policy: RetryPolicy;
  now: () => number;
  random: () => number;
  iso(ms?: number): string;
  changed(id: number): void;
}

export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const now = options.now ?? Date.now;
  const sender: Sender = {
    db: options.db,
    store: options.store,
    audit: options.audit,
    logger: options.logger,
    policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5_000, maxDelayMs: 60_000, ...options.offlineRetry },
    now,
    random: options.random ?? Math.random,
    iso: (ms = now()) => new Date(ms).toISOString(),
    changed: (id) => options.onChanged?.(id),
  };
  const { store } = sender;

  return {
    async step() {
      const head = store.outboxHead();
      const work = nextOutboxWork(head, head ? undefined : store.firstUnconfirmed(), now());
      if (work.kind === 'idle' || work.kind === 'waiting') return work.kind;
      let connection: ActiveConnection;
      try {
        connection = await options.connection();
      } catch (error) {
        sender.logger.warn('outbox has no connection', { code: toErrorPayload(error).code });
        return 'waiting';
      }
      if (work.kind === 'send') return send(sender, work.row, connection);
      await confirm(sender, work.row, connection);
      return store.firstUnconfirmed()?.id === work.row.id ? 'waiting' : 'progressed';
    },
    nextDueInMs: () => {
      const head = store.outboxHead();
      return outboxDueInMs(head, !head && store.firstUnconfirmed() !== undefined, now(), sender.policy.baseDelayMs);
    },
  };
}

async function send(sender: Sender, row: ActivationRow, connection: ActiveConnection): Promise<SendStep> {
  const { store } = sender;
  if (!store.markSending(row.id, sender.iso())) return 'progressed';
  sender.changed(row.id);
  try {
    await connection.client.activateCodes({
      application_id: row.application_id,
      ...productDetailsOf(row),
      // The activations table's CHECK keeps it 0, 1 or 2.
      wxa_type: row.wxa_type as 0 | 1 | 2,
      code_start: row.code_start,
      code_end: row.code_end,
    });
  } catch (error) {
    return recordFailure(sender, row, error, sendFailureOutcome(error, row.attempts + 1, sender.policy, sender.random));
  }
  sender.db
    .transaction(() => {
      store.markActive(row.id, sender.iso());
      sender.audit.append({
        actor: 'system',
        action: 'activation.sent',
        subject: `application:${row.application_id}`,
        details: { activation_id: row.id, attempts: row.attempts + 1 },
      });
    })
    .immediate();
  sender.changed(row.id);
  await confirm(sender, store.byId(row.id)!, connection);
  return 'progressed';
}

function recordFailure(sender: Sender, row: ActivationRow, error: unknown, outcome: SendFailureOutcome): SendStep {
  const payload = toErrorPayload(error);
  if (outcome.kind !== 'wait') {
    finalize(sender, row, outcome.kind, payload);
    return 'progressed';
  }
  // Back to pending: it goes out when the service answers again, still first in line.
  sender.store.markWaiting(row.id, payload, sender.iso(sender.now() + outcome.delayMs), sender.iso());
  sender.logger.info('activation postponed', { id: row.id, code: payload.code, delayMs: outcome.delayMs });
  sender.changed(row.id);
  return 'waiting';
}

function finalize(sender: Sender, row: ActivationRow, state: 'failed' | 'conflict', payload: AppErrorPayload): void {
  sender.db
    .transaction(() => {
      sender.store.markFinal(row.id, state, payload, sender.iso());
      sender.audit.append({
        actor: 'system',
        action: `activation.${state}`,
        subject: `application:${row.application_id}`,
        details: { activation_id: row.id, error_code: payload.code },
      });
    })
    .immediate();
  sender.logger.warn(`activation ${state}`, { id: row.id, code: payload.code });
  sender.changed(row.id);
}

/** Asks the service about the first, the last and one random index of the range and records what it says. */
async function confirm(sender: Sender, row: ActivationRow, connection: ActiveConnection): Promise<void> {
  const indices = confirmationIndices(row, sender.random);
  const checked: ActivationConfirmation['checked'] = [];
  for (const code_index of indices) {
    try {
      const remote = await connection.client.queryActivation({ application_id: row.application_id, code_index });
      checked.push(checkOfAnswer(code_index, remote, row));
    } catch (error) {
      const check = checkOfFailure(code_index, error);
      if (!check) return; // offline: confirm later
      checked.push(check);
    }
  }
  const confirmation: ActivationConfirmation = { ok: checked.every((check) => check.ok), checked };
  sender.db
    .transaction(() => {
      sender.store.recordConfirmation(row.id, confirmation, sender.iso());
      sender.audit.append({
        actor: 'system',
        action: confirmation.ok ? 'activation.confirmed' : 'activation.mismatch',
        subject: `application:${row.application_id}`,
        details: { activation_id: row.id, indices: indices.join(',') },
      });
    })
    .immediate();
  sender.changed(row.id);
}
