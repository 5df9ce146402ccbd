/**
 * Sends recorded activations with `codeactive`, strictly in the order they were
 * recorded, then confirms each with `codeactivequery`. The state is committed
 * before every call: a crash while 'sending' re-sends the same activation on
 * restart (an identical re-send is accepted), never a different one.
 * A row is taken to 'sending' under this sender's lease, so another sender (the
 * app and a CLI on one ledger) leaves it alone; only the owner moves it on.
 * The decisions are in outbox-rules.ts and outbox-lease.ts; this file does the
 * calls and the writes.
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
import { LEASE_MARGIN_MS, rebaseForClock, SENDER_LEASE_MS } from './outbox-lease';
import {
  checkOfAnswer,
  checkOfFailure,
  confirmationIndices,
  nextOutboxWork,
  outboxDueInMs,
  sendFailureOutcome,
  type OutboxFacts,
  type SendFailureOutcome,
} from './outbox-rules';
import { isSenderGone, newSenderId } from './sender-identity';

export type SendStep = 'idle' | 'progressed' | 'waiting';

export interface OutboxSender {
  /**
   * One unit of work: send the head of the queue, or confirm an unconfirmed
   * activation. `ignoreWait` (`outbox --send --now`) sends a head still waiting
   * for its next attempt; a row another sender holds is never taken early.
   */
  step(options?: { ignoreWait?: boolean }): Promise<SendStep>;
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
  /** This sender's lease owner id; default host, pid and a random part. */
  senderId?: string;
  /** How long a taken row is held; default SENDER_LEASE_MS. */
  leaseMs?: number;
  /** Whether a lease owner's process is known to be gone; default asks the OS (sender-identity.ts). */
  isOwnerGone?: (owner: string) => boolean;
}

/** What the steps below share. */
interface Sender {
  db: SqliteDatabase;
  store: ActivationStore;
  audit: AuditLog;
  logger: Logger;
  policy: RetryPolicy;
  me: string;
  leaseMs: number;
  isOwnerGone: (owner: string) => boolean;
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
    me: options.senderId ?? newSenderId(),
    leaseMs: options.leaseMs ?? SENDER_LEASE_MS,
    isOwnerGone: options.isOwnerGone ?? isSenderGone,
    now,
    random: options.random ?? Math.random,
    iso: (ms = now()) => new Date(ms).toISOString(),
    changed: (id) => options.onChanged?.(id),
  };
  const { store } = sender;

  return {
    async step(stepOptions = {}) {
      const head = loadHead(sender);
      const facts = factsAbout(sender, head, stepOptions.ignoreWait === true);
      const work = nextOutboxWork(head, head ? undefined : store.firstUnconfirmed(), facts);
      if (work.kind === 'idle' || work.kind === 'waiting') return work.kind;
      let connection: ActiveConnection;
      try {
        connection = await options.connection();
      } catch (error) {
        sender.logger.warn('outbox has no connection', { code: toErrorPayload(error).code });
        return 'waiting';
      }
      if (work.kind === 'send') return send(sender, work.row, facts, connection);
      await confirm(sender, work.row, connection);
      return store.firstUnconfirmed()?.id === work.row.id ? 'waiting' : 'progressed';
    },
    nextDueInMs: () => {
      const head = loadHead(sender);
      const hasUnconfirmed = !head && store.firstUnconfirmed() !== undefined;
      return outboxDueInMs(head, hasUnconfirmed, factsAbout(sender, head, false), sender.policy.baseDelayMs);
    },
  };
}

/** The head of the queue, its wait or lease re-based first if the clock moved back since they were set. */
function loadHead(sender: Sender): ActivationRow | undefined {
  const head = sender.store.outboxHead();
  const rebase = head && rebaseForClock(head, sender.now());
  if (!head || !rebase) return head;
  if (sender.store.rebase(head, rebase)) {
    sender.logger.warn('outbox times re-based: the clock moved back', { id: head.id, ...rebase });
    sender.changed(head.id);
  }
  return sender.store.outboxHead();
}

function factsAbout(sender: Sender, head: ActivationRow | undefined, ignoreWait: boolean): OutboxFacts {
  const owner = head?.state === 'sending' ? head.lease_owner : null;
  const ownerGone = owner !== null && owner !== sender.me && sender.isOwnerGone(owner);
  return { nowMs: sender.now(), me: sender.me, ownerGone, ignoreWait };
}

async function send(sender: Sender, row: ActivationRow, facts: OutboxFacts, connection: ActiveConnection): Promise<SendStep> {
  const { store, me } = sender;
  const takenAt = sender.now();
  const lease = { owner: me, now: sender.iso(takenAt), expires: sender.iso(takenAt + sender.leaseMs), goneOwner: null as string | null };
  if (facts.ownerGone) lease.goneOwner = row.lease_owner;
  if (!store.take(row, lease)) return 'progressed'; // another sender moved it first: look again
  sender.changed(row.id);
  // The call ends before the lease does, so a sender taking over never overlaps it (unless this process freezes).
  const leaseEnds = AbortSignal.timeout(Math.max(0, sender.leaseMs - LEASE_MARGIN_MS));
  try {
    await connection.client.activateCodes(
      {
        application_id: row.application_id,
        ...productDetailsOf(row),
        // The activations table's CHECK keeps it 0, 1 or 2.
        wxa_type: row.wxa_type as 0 | 1 | 2,
        code_start: row.code_start,
        code_end: row.code_end,
      },
      { signal: leaseEnds },
    );
  } catch (error) {
    if (leaseEnds.aborted) {
      // Left 'sending' under the running-out lease: this sender or the next takes it again and re-sends.
      sender.logger.warn('activation send outlived its lease', { id: row.id });
      return 'waiting';
    }
    return recordFailure(sender, row, error, sendFailureOutcome(error, row.attempts + 1, sender.policy, sender.random));
  }
  const marked = sender.db
    .transaction(() => {
      if (!store.markActive(row.id, me, sender.iso())) return false;
      sender.audit.append({
        actor: 'system',
        action: 'activation.sent',
        subject: `application:${row.application_id}`,
        details: { activation_id: row.id, attempts: row.attempts + 1 },
      });
      return true;
    })
    .immediate();
  if (!marked) return leaseLost(sender, row);
  sender.changed(row.id);
  await confirm(sender, store.byId(row.id)!, connection);
  return 'progressed';
}

/** The answer came after another sender took the row over: that sender records its own (identical) send. */
function leaseLost(sender: Sender, row: ActivationRow): SendStep {
  sender.logger.warn('activation answered after its lease was taken over', { id: row.id });
  return 'progressed';
}

function recordFailure(sender: Sender, row: ActivationRow, error: unknown, outcome: SendFailureOutcome): SendStep {
  const payload = toErrorPayload(error);
  if (outcome.kind !== 'wait') {
    finalize(sender, row, outcome.kind, payload);
    return 'progressed';
  }
  // Back to pending: it goes out when the service answers again, still first in line.
  const wait = { nextAttemptAt: sender.iso(sender.now() + outcome.delayMs), delayMs: outcome.delayMs };
  if (!sender.store.markWaiting(row.id, sender.me, payload, wait, sender.iso())) return leaseLost(sender, row);
  sender.logger.info('activation postponed', { id: row.id, code: payload.code, delayMs: outcome.delayMs });
  sender.changed(row.id);
  return 'waiting';
}

function finalize(sender: Sender, row: ActivationRow, state: 'failed' | 'conflict', payload: AppErrorPayload): void {
  const marked = sender.db
    .transaction(() => {
      if (!sender.store.markFinal(row.id, sender.me, state, payload, sender.iso())) return false;
      sender.audit.append({
        actor: 'system',
        action: `activation.${state}`,
        subject: `application:${row.application_id}`,
        details: { activation_id: row.id, error_code: payload.code },
      });
      return true;
    })
    .immediate();
  if (!marked) {
    leaseLost(sender, row);
    return;
  }
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
      // Another sender confirming the same row at the same time has recorded it: nothing more.
      if (!sender.store.recordConfirmation(row.id, confirmation, sender.iso())) return;
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
