/**
 * Reconcile's decisions as pure functions over plain facts: which activations
 * are asked about, which free ranges are probed, what WeChat's answers mean for
 * an activation, which finding that is and which repairs it allows, and when a
 * failed call stops the run. The service (reconcile-service.ts) does the I/O.
 */
import type { ActivationState } from '../../shared/activation-contract';
import type { FindingKind, IndexAnswer, ReconcileOutcome, RemoteActivation, Repair } from '../../shared/reconcile-contract';
import { firstDifference, type ActivationFacts } from '../activation';
import { NOT_ACTIVATED_ERRCODES, UNKNOWN_CODE_ERRCODES } from '../verification';
import { classifyFailure, isWechatError, type ActivationInfo } from '../wechat';
import { toErrorPayload } from '../../shared/error-catalogue/app';

/** An inclusive index range of one application. */
export interface IndexRange {
  application_id: number;
  code_start: number;
  code_end: number;
}

/** What reconcile needs to know about a ledger activation. */
export type CheckedActivation = ActivationFacts & { id: number; state: ActivationState; attempts: number; sent_at: string | null };

/** Sent at least once: WeChat may hold it whatever the ledger's state says. */
export function wasSent(row: Pick<CheckedActivation, 'attempts' | 'sent_at'>): boolean {
  return row.attempts > 0 || row.sent_at !== null;
}

/**
 * Whether reconcile asks about an activation: every live one (pending, active, conflict) and failed or
 * cancelled ones that were sent at least once. A `sending` one is in flight: the outbox is asking already.
 */
export function isAskedAbout(row: Pick<CheckedActivation, 'state' | 'attempts' | 'sent_at'>): boolean {
  if (row.state === 'sending') return false;
  if (row.state === 'failed' || row.state === 'cancelled') return wasSent(row);
  return true;
}

/** States whose range the ledger holds as taken; everything else of an imported segment is free and gets probed. */
export const HELD_STATES: readonly ActivationState[] = ['pending', 'sending', 'active', 'conflict'];

/** The first, the last and one index inside a range (fewer when they coincide); `random` in [0, 1) picks the inside one. */
export function probeIndices(range: Pick<IndexRange, 'code_start' | 'code_end'>, random: () => number): number[] {
  const inside = range.code_start + Math.floor(random() * (range.code_end - range.code_start + 1));
  return [...new Set([range.code_start, range.code_end, inside])];
}

/** `ranges` minus `taken` (both of one application), in index order. */
export function subtractRanges(
  ranges: readonly Pick<IndexRange, 'code_start' | 'code_end'>[],
  taken: readonly Pick<IndexRange, 'code_start' | 'code_end'>[],
): { code_start: number; code_end: number }[] {
  const cuts = [...taken].sort((a, b) => a.code_start - b.code_start);
  const free: { code_start: number; code_end: number }[] = [];
  for (const range of [...ranges].sort((a, b) => a.code_start - b.code_start)) {
    let next = range.code_start;
    for (const cut of cuts) {
      if (cut.code_end < next || cut.code_start > range.code_end) continue;
      if (cut.code_start > next) free.push({ code_start: next, code_end: cut.code_start - 1 });
      next = Math.max(next, cut.code_end + 1);
    }
    if (next <= range.code_end) free.push({ code_start: next, code_end: range.code_end });
  }
  return free;
}

/** One index's answer as reconcile reads it. */
export type ProbeAnswer =
  | { kind: 'activated'; info: ActivationInfo }
  | { kind: 'not_activated' }
  /** The question could not be answered for this index (e.g. 40097); the rest of the run goes on. */
  | { kind: 'error'; code: string };

/** A failed codeactivequery: an answer about the index, or the reason the whole run stops. */
export function answerOfFailure(error: unknown): { answer: ProbeAnswer } | { stop: Exclude<ReconcileOutcome, 'complete' | 'capped'> } {
  if (isWechatError(error) && error.kind === 'api' && error.errcode !== undefined) {
    // "No such code" means WeChat holds no activation there either.
    if (NOT_ACTIVATED_ERRCODES.includes(error.errcode) || UNKNOWN_CODE_ERRCODES.includes(error.errcode)) {
      return { answer: { kind: 'not_activated' } };
    }
  }
  switch (classifyFailure(error)) {
    case 'quota':
      return { stop: 'quota' };
    case 'transient':
      return { stop: 'offline' };
    case 'token':
      return { stop: 'error' };
    default:
      return { answer: { kind: 'error', code: toErrorPayload(error).code } };
  }
}

/** WeChat's activation as an answer describes it; a range it leaves out is taken as the one index asked. */
export function remoteActivationOf(info: ActivationInfo, asked: { application_id: number; code_index: number }): RemoteActivation {
  const { code: _code, isv_application_id: _isv, ...details } = info;
  return {
    ...details,
    application_id: info.application_id ?? asked.application_id,
    code_start: info.code_start ?? asked.code_index,
    code_end: info.code_end ?? asked.code_index,
  };
}

/** What WeChat holds over a ledger activation, from the answers for its probed indices. */
export type RemoteView = { kind: 'held' } | { kind: 'absent' } | { kind: 'differs'; remote: RemoteActivation } | { kind: 'inconclusive' };

/** Compares the answers (index, answer) with the ledger's activation. */
export function remoteView(local: ActivationFacts, answers: readonly { code_index: number; answer: ProbeAnswer }[]): RemoteView {
  let held = 0;
  let absent = 0;
  for (const { code_index, answer } of answers) {
    if (answer.kind === 'activated') {
      if (firstDifference(answer.info, local)) {
        return { kind: 'differs', remote: remoteActivationOf(answer.info, { application_id: local.application_id, code_index }) };
      }
      held += 1;
    } else if (answer.kind === 'not_activated') absent += 1;
  }
  if (held + absent < answers.length || answers.length === 0) return { kind: 'inconclusive' };
  if (absent === 0) return { kind: 'held' };
  if (held === 0) return { kind: 'absent' };
  // Part of the range is WeChat's with our details, part is not: not the activation the ledger recorded.
  const first = answers.find((entry) => entry.answer.kind === 'activated')!;
  const info = (first.answer as { info: ActivationInfo }).info;
  return { kind: 'differs', remote: remoteActivationOf(info, { application_id: local.application_id, code_index: first.code_index }) };
}

/**
 * The difference between the ledger's state and what WeChat holds, if any. Another activation
 * over the codes of a failed or cancelled one is not about that one: if the ledger does not
 * hold it either, the free-range probes find it (`unknown_to_ledger`).
 */
export function findingKindFor(state: ActivationState, view: RemoteView['kind']): FindingKind | undefined {
  if (view === 'inconclusive') return undefined;
  if (view === 'differs') return state === 'failed' || state === 'cancelled' ? undefined : 'differs_remotely';
  if (state === 'active') return view === 'absent' ? 'missing_remotely' : undefined;
  if (view === 'held') return 'active_remotely';
  return state === 'conflict' ? 'conflict_unexplained' : undefined;
}

/** The repairs each kind of finding offers a supervisor. */
export const REPAIRS: Readonly<Record<FindingKind, readonly Repair[]>> = {
  missing_remotely: ['resend', 'investigated'],
  active_remotely: ['adopt', 'investigated'],
  differs_remotely: ['adopt', 'investigated'],
  unknown_to_ledger: ['adopt', 'investigated'],
  conflict_unexplained: ['resend', 'investigated'],
};

/** Answers as stored with a finding and shown to a person. */
export function indexAnswerOf(code_index: number, answer: ProbeAnswer, local?: ActivationFacts): IndexAnswer {
  if (answer.kind === 'not_activated') return { code_index, answer: 'not_activated', reason: null };
  if (answer.kind === 'error') return { code_index, answer: 'error', reason: answer.code };
  const difference = local ? firstDifference(answer.info, local) : undefined;
  return { code_index, answer: 'activated', reason: difference ? `${difference.field}: ${String(difference.theirs)}` : null };
}

/**
 * How a run's query cap is shared: free ranges get up to a quarter of it (so a ledger
 * with many activations still probes for lost ones), activations the rest; what one
 * side leaves unused goes to the other.
 */
export function splitBudget(cap: number, activationQueries: number, freeRangeQueries: number): { activations: number; freeRanges: number } {
  const freeReserve = Math.min(freeRangeQueries, Math.floor(cap / 4));
  const activations = Math.min(activationQueries, cap - freeReserve);
  return { activations, freeRanges: Math.min(freeRangeQueries, cap - activations) };
}
