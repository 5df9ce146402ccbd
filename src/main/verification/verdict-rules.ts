/**
 * Where a scan's verdict is decided: pure functions over plain facts the engine
 * reads from the ledger (and, for the final verdict, what WeChat answered).
 * Nothing here reads, writes, waits or emits; test/unit/verification/verdict-rules.test.ts
 * walks every verdict and every precedence between them as tables.
 *
 * Local verdict, in order: INVALID → UNKNOWN_CODE → NOT_ACTIVATED → WRONG_PRODUCT → DUPLICATE → PASS.
 */
import type { AppError, AppErrorPayload } from '../../shared/errors';
import { verificationErrors } from '../../shared/error-catalogue/verification';
import type { RemoteState, Verdict } from '../../shared/verification-contract';
import { firstDifference } from '../activation/activation-difference';
import type { NormalizedScan } from '../scan/normalize-scan';
import type { RemoteAnswer } from './remote-lookup';
import type { BlockingScan, CodeRef, CoveringActivation, ScanRow } from './rows';

/** What a scan is checked against: the session's product (and run, if it names one), or the CLI's `--product`. */
export interface Expected {
  product_code: string;
  product_title: string | null;
  /** The activation (carton run) being packed; null: any run of the product. */
  activation_id: number | null;
}

export interface LocalVerdict {
  verdict: Verdict;
  /** Why it is not a PASS (both languages); null for PASS. */
  reason: AppErrorPayload | null;
  application_id: number | null;
  code_index: number | null;
  activation_id: number | null;
}

/** A scan of the same code before this one, as a DUPLICATE reason names it. */
export interface SeenBefore {
  id: number;
  /** When, as local wall-clock text (never the stored ISO instant): what a person reads. */
  seen_at: string;
}

/** The first PASS of the code in any session of the ledger (any station), with where it was. */
export interface FirstPass extends SeenBefore {
  station: string;
  line: string;
}

/** The facts of a code under a live activation. */
export interface ActivatedFacts {
  activation: CoveringActivation;
  code_index: number;
  expected: Expected | null;
  /** An earlier scan of this code in the same session; always undefined outside a session. */
  earlier: SeenBefore | undefined;
  /** An earlier PASS of this code in any session (this one included); always undefined outside a session. */
  firstPass: FirstPass | undefined;
}

/** The facts of one scan as the ledger holds them when it arrives. */
export interface LocalFacts {
  /** What the scanner typed (shown in an INVALID reason). */
  input: string;
  normalized: NormalizedScan;
  /** Where the code sits; undefined if it is in no downloaded package (or the scan is invalid). */
  code: CodeRef | undefined;
  /** The live (pending, sending or active) activation covering the code, if any. */
  activation: CoveringActivation | undefined;
  expected: Expected | null;
  earlier: SeenBefore | undefined;
  firstPass: FirstPass | undefined;
}

/**
 * WRONG_PRODUCT (product, then run) → DUPLICATE → PASS, for a code under a live activation.
 * DUPLICATE: scanned before in this session (any verdict), else passed before in any session of the ledger.
 */
export function activatedVerdict(facts: ActivatedFacts): LocalVerdict {
  const { activation, expected, earlier, firstPass } = facts;
  const located = { application_id: activation.application_id, code_index: facts.code_index, activation_id: activation.id };
  if (expected && activation.product_code !== expected.product_code) {
    const reason = verificationErrors.VERIFY_WRONG_PRODUCT.payload({
      activation_id: activation.id,
      product_code: activation.product_code,
      product_title: activation.product_title,
      expected_product: expected.product_code,
      expected_title: expected.product_title,
    });
    return { verdict: 'WRONG_PRODUCT', reason, ...located };
  }
  if (expected && expected.activation_id !== null && activation.id !== expected.activation_id) {
    const reason = verificationErrors.VERIFY_WRONG_RUN.payload({ ...named(activation), expected_activation_id: expected.activation_id });
    return { verdict: 'WRONG_PRODUCT', reason, ...located };
  }
  if (earlier) {
    const reason = verificationErrors.VERIFY_DUPLICATE.payload({ earlier_scan_id: earlier.id, seen_at: earlier.seen_at });
    return { verdict: 'DUPLICATE', reason, ...located };
  }
  if (firstPass) {
    const { id, station, line, seen_at } = firstPass;
    const reason = verificationErrors.VERIFY_DUPLICATE_PASSED_BEFORE.payload({ earlier_scan_id: id, station, line, seen_at });
    return { verdict: 'DUPLICATE', reason, ...located };
  }
  return { verdict: 'PASS', reason: null, ...located };
}

/** INVALID → UNKNOWN_CODE → NOT_ACTIVATED (none, or not yet confirmed by WeChat) → the activated verdict. */
export function localVerdict(facts: LocalFacts): LocalVerdict {
  const none = { application_id: null, code_index: null, activation_id: null };
  const { normalized, code, activation } = facts;
  if (normalized.kind === 'invalid') {
    return { verdict: 'INVALID', reason: verificationErrors.VERIFY_INVALID.payload({ input: facts.input }), ...none };
  }
  if (!code)
    return { verdict: 'UNKNOWN_CODE', reason: verificationErrors.VERIFY_UNKNOWN_CODE.payload({ value: normalized.value }), ...none };
  if (!activation) return { verdict: 'NOT_ACTIVATED', reason: notActivatedReason(code), ...code, activation_id: null };
  // Recorded but not yet confirmed by WeChat: consumers cannot use the code yet.
  if (activation.state !== 'active') {
    return { verdict: 'NOT_ACTIVATED', reason: pendingReason(activation), ...code, activation_id: activation.id };
  }
  const { expected, earlier, firstPass } = facts;
  return activatedVerdict({ activation, code_index: code.code_index, expected, earlier, firstPass });
}

/** A WeChat answer that is an answer (not "offline"). */
export type RemoteReply = Exclude<RemoteAnswer, { kind: 'offline' }>;

/** The facts of a scan's confirmation once WeChat has answered. */
export interface RemoteFacts {
  /** The scan as recorded (a code was found: application and index are set). */
  scan: Pick<ScanRow, 'local_verdict' | 'reason_json' | 'activation_id'> & CodeRef;
  /** The ledger's live activation covering the code *now* (the outbox may have moved it while the call was out). */
  activation: CoveringActivation | undefined;
  answer: RemoteReply;
  /** For a scan that may turn from NOT_ACTIVATED into its activated verdict: what it was checked against … */
  expected: Expected | null;
  /** … an earlier scan of the code in its session, before it … */
  earlier: SeenBefore | undefined;
  /** … and an earlier PASS of the code in any session, before it. */
  firstPass: FirstPass | undefined;
}

export interface Judgement {
  remote: 'confirmed' | 'mismatch';
  verdict: Verdict;
  reason: AppErrorPayload | null;
  activation_id: number | null;
}

/**
 * The final verdict. WeChat not knowing the code, saying "not activated" for an active range, saying
 * "activated" where the ledger has nothing, or holding something else → REMOTE_MISMATCH. Otherwise the local
 * verdict stands, except a NOT_ACTIVATED: still not activated, it says why as of now; activated at WeChat exactly
 * as in the ledger (scanned before the outbox sent it), it becomes the activated verdict.
 */
export function finalVerdict(facts: RemoteFacts): Judgement {
  const { scan, activation, answer } = facts;
  const mismatch = (reason: AppErrorPayload): Judgement => ({
    remote: 'mismatch',
    verdict: 'REMOTE_MISMATCH',
    reason,
    activation_id: activation?.id ?? scan.activation_id,
  });
  const unchanged: Judgement = {
    remote: 'confirmed',
    verdict: scan.local_verdict,
    reason: scan.reason_json ? (JSON.parse(scan.reason_json) as AppErrorPayload) : null,
    activation_id: scan.activation_id,
  };
  if (answer.kind === 'unknown_code') return mismatch(remoteMismatch({ kind: 'unknown_code', errcode: answer.errcode }));
  if (answer.kind === 'not_activated') {
    if (activation?.state === 'active')
      return mismatch(remoteMismatch({ kind: 'not_activated', ...named(activation), errcode: answer.errcode }));
    if (scan.local_verdict !== 'NOT_ACTIVATED') return unchanged;
    // The pending activation may have been refused meanwhile: the reason is as of now.
    const reason = activation ? pendingReason(activation) : notActivatedReason(scan);
    return { remote: 'confirmed', verdict: 'NOT_ACTIVATED', reason, activation_id: activation?.id ?? null };
  }
  if (!activation) {
    const { code_start, code_end, product_title } = answer.info;
    return mismatch(remoteMismatch({ kind: 'activated_unknown', code_start, code_end, product_title }));
  }
  const difference = firstDifference(answer.info, activation);
  if (difference) return mismatch(remoteMismatch({ kind: 'differs', ...difference, activation_id: activation.id }));
  if (scan.local_verdict !== 'NOT_ACTIVATED') return unchanged;
  const { expected, earlier, firstPass } = facts;
  const upgraded = activatedVerdict({ activation, code_index: scan.code_index, expected, earlier, firstPass });
  return { remote: 'confirmed', verdict: upgraded.verdict, reason: upgraded.reason, activation_id: activation.id };
}

/** Every FAIL (anything but PASS) must be acknowledged; while one of a session waits, the session takes no scans. */
export function needsAcknowledgement(verdict: Verdict): 0 | 1 {
  return verdict === 'PASS' ? 0 : 1;
}

/** Only verdicts that rest on an activation (or its absence) are asked about; INVALID and UNKNOWN_CODE are not. */
const CONFIRMABLE: ReadonlySet<Verdict> = new Set<Verdict>(['PASS', 'WRONG_PRODUCT', 'NOT_ACTIVATED', 'DUPLICATE']);

/**
 * Where a new scan's confirmation starts: `skipped` (nothing to ask), `offline` at once while the engine is
 * backing off and would confirm now (the network is not tried), else `pending` (asked now, or later).
 */
export function initialRemoteState(verdict: Verdict, engine: { confirmsNow: boolean; backingOff: boolean }): RemoteState {
  if (!CONFIRMABLE.has(verdict)) return 'skipped';
  return engine.confirmsNow && engine.backingOff ? 'offline' : 'pending';
}

/** What a scan arriving in a session does, given the session's waiting FAIL (if any) and whether it is the ACK code. */
export type ScanAdmission =
  | { kind: 'judge' }
  /** The ACK code while FAILs wait: it acknowledges them all (nothing is recorded as a scan). */
  | { kind: 'acknowledge' }
  /** Refused, nothing recorded. */
  | { kind: 'refuse'; error: AppError };

export function scanAdmission(blocking: BlockingScan | undefined, isAckCode: boolean): ScanAdmission {
  if (blocking) {
    if (isAckCode) return { kind: 'acknowledge' };
    return { kind: 'refuse', error: verificationErrors.VERIFY_ACK_REQUIRED({ scan_id: blocking.id, verdict: blocking.verdict }) };
  }
  // The ACK code with nothing to acknowledge is refused rather than recorded as an INVALID scan.
  if (isAckCode) return { kind: 'refuse', error: verificationErrors.VERIFY_NOTHING_TO_ACKNOWLEDGE() };
  return { kind: 'judge' };
}

function named(activation: CoveringActivation) {
  return { activation_id: activation.id, code_start: activation.code_start, code_end: activation.code_end };
}

function notActivatedReason(code: CodeRef): AppErrorPayload {
  return verificationErrors.VERIFY_NOT_ACTIVATED.payload({ application_id: code.application_id, code_index: code.code_index });
}

function pendingReason(activation: CoveringActivation): AppErrorPayload {
  return verificationErrors.VERIFY_ACTIVATION_PENDING.payload({ ...named(activation), state: activation.state });
}

function remoteMismatch(mismatch: Parameters<typeof verificationErrors.VERIFY_REMOTE_MISMATCH>[0]): AppErrorPayload {
  return verificationErrors.VERIFY_REMOTE_MISMATCH.payload(mismatch);
}
