/**
 * The outbox's decisions as pure functions: what to work on next, what a
 * failed codeactive means for the activation, which indices confirm it and
 * what each codeactivequery answer says. The sender does the I/O around them.
 */
import type { ActivationConfirmation } from '../../shared/activation-contract';
import { toErrorPayload } from '../../shared/error-catalogue/app';
import { ERRCODE } from '../simulator';
import { classifyFailure, isWechatError, nextRetryDelayMs, type ActivationInfo, type RetryPolicy } from '../wechat';
import { firstDifference, type ActivationFacts } from './activation-difference';
import type { ActivationRow } from './activation-store';
import { heldDueInMs, leaseState, mayTake } from './outbox-lease';

/**
 * Errcodes meaning "the service already holds different details for (part of)
 * this range". The real service's code is undocumented; the simulator's is
 * listed in docs/simulator.md. Add the real one here once seen.
 */
export const CONFLICT_ERRCODES: readonly number[] = [ERRCODE.SIM_ACTIVATION_CONFLICT];

export type OutboxWork =
  | { kind: 'idle' }
  /** The head of the queue waits for its next attempt. */
  | { kind: 'waiting' }
  | { kind: 'send'; row: ActivationRow }
  | { kind: 'confirm'; row: ActivationRow };

/** What a sender knows when it picks its next work. */
export interface OutboxFacts {
  nowMs: number;
  /** This sender's id (outbox-lease.ts). */
  me: string;
  /** The OS says the head's lease owner no longer runs. */
  ownerGone: boolean;
  /** `outbox --send --now`: a head waiting for its next attempt goes out at once (a lease is still respected). */
  ignoreWait?: boolean;
}

/**
 * Strictly in recording order: the head of the queue (pending or sending) goes
 * first; only with nothing queued is an unconfirmed activation confirmed. A head
 * another living sender holds under its lease is left to it.
 */
export function nextOutboxWork(head: ActivationRow | undefined, unconfirmed: ActivationRow | undefined, facts: OutboxFacts): OutboxWork {
  if (head) return mayGoOut(head, facts) ? { kind: 'send', row: head } : { kind: 'waiting' };
  return unconfirmed ? { kind: 'confirm', row: unconfirmed } : { kind: 'idle' };
}

function mayGoOut(head: ActivationRow, facts: OutboxFacts): boolean {
  if (head.state === 'sending') return mayTake(leaseState(head, facts.me, facts.nowMs, facts.ownerGone));
  return facts.ignoreWait === true || isDue(head, facts.nowMs);
}

function isDue(row: Pick<ActivationRow, 'next_attempt_at'>, nowMs: number): boolean {
  return !row.next_attempt_at || Date.parse(row.next_attempt_at) <= nowMs;
}

/** When the outbox has work again: 0 now, a delay, or undefined for "only when something is recorded". */
export function outboxDueInMs(
  head: ActivationRow | undefined,
  hasUnconfirmed: boolean,
  facts: OutboxFacts,
  confirmDelayMs: number,
): number | undefined {
  if (!head) return hasUnconfirmed ? confirmDelayMs : undefined;
  if (mayGoOut(head, facts)) return 0;
  if (head.state === 'sending') return heldDueInMs(head, facts.nowMs);
  return head.next_attempt_at ? Math.max(0, Date.parse(head.next_attempt_at) - facts.nowMs) : 0;
}

export type SendFailureOutcome =
  /** The service holds other details for the range: a person must decide. */
  | { kind: 'conflict' }
  /** The same request would fail again. */
  | { kind: 'failed' }
  /** Back to pending, first in line, until `delayMs` has passed. */
  | { kind: 'wait'; delayMs: number };

/**
 * codeactive's errcode 1 "该条码未在编码中心注册,将进入审核。请于24h后尝试重新激活" (DESIGN §2):
 * the product's barcode is under review; WeChat asks for a new try after 24 hours.
 */
export const BARCODE_UNDER_REVIEW_ERRCODE = 1;
export const BARCODE_REVIEW_RETRY_MS = 24 * 3_600_000;

/** What a failed codeactive means; `attempt` is the attempt that failed (1 for the first). */
export function sendFailureOutcome(error: unknown, attempt: number, policy: RetryPolicy, random: () => number): SendFailureOutcome {
  const errcode = isWechatError(error) ? error.errcode : undefined;
  if (errcode !== undefined && CONFLICT_ERRCODES.includes(errcode)) return { kind: 'conflict' };
  // Pending with its next attempt in 24 h: shown as `review` with WeChat's reason (activation-summary.ts).
  if (errcode === BARCODE_UNDER_REVIEW_ERRCODE) return { kind: 'wait', delayMs: BARCODE_REVIEW_RETRY_MS };
  const delayMs = classifyFailure(error) === 'permanent' ? undefined : nextRetryDelayMs(error, attempt, policy, random);
  return delayMs === undefined ? { kind: 'failed' } : { kind: 'wait', delayMs };
}

/** The first, the last and one random index of the range (fewer when they coincide). */
export function confirmationIndices(row: Pick<ActivationRow, 'code_start' | 'code_end'>, random: () => number): number[] {
  const middle = row.code_start + Math.floor(random() * (row.code_end - row.code_start + 1));
  return [...new Set([row.code_start, row.code_end, middle])];
}

export type ConfirmationCheck = ActivationConfirmation['checked'][number];

/** What codeactivequery's answer for one index says about the recorded activation. */
export function checkOfAnswer(code_index: number, remote: ActivationInfo, local: ActivationFacts): ConfirmationCheck {
  const difference = firstDifference(remote, local);
  return { code_index, ok: !difference, reason: difference ? `${difference.field}: ${String(difference.theirs)}` : null };
}

/** A failed codeactivequery: a failed check when asking again cannot help, undefined ("confirm later") when offline. */
export function checkOfFailure(code_index: number, error: unknown): ConfirmationCheck | undefined {
  if (classifyFailure(error) !== 'permanent') return undefined;
  return { code_index, ok: false, reason: toErrorPayload(error).code };
}
