/**
 * The verdict rules as tables, over plain facts (no ledger, no app): every verdict,
 * and every precedence between them, locally and after WeChat answers.
 */
import { describe, expect, it } from 'vitest';
import { VERDICTS, type Verdict } from '@shared/verification-contract';
import type { CoveringActivation } from '@main/verification/rows';
import {
  finalVerdict,
  initialRemoteState,
  localVerdict,
  needsAcknowledgement,
  scanAdmission,
  type Expected,
  type LocalFacts,
  type RemoteFacts,
  type RemoteReply,
} from '@main/verification/verdict-rules';
import { normalizeScan } from '@main/scan/normalize-scan';
import { OTHER_PRODUCT, PRODUCT } from './helpers';

const APP = 581865877;
const CODE = { application_id: APP, code_index: 5 };

function activation(changes: Partial<CoveringActivation> = {}): CoveringActivation {
  return { id: 1, application_id: APP, code_start: 0, code_end: 999, state: 'active', ...PRODUCT, ...changes };
}
const ACTIVE = activation();
const PENDING = activation({ state: 'pending' });
const SENDING = activation({ state: 'sending' });
const OTHER_PRODUCT_ACTIVE = activation({ ...OTHER_PRODUCT });
const OTHER_PRODUCT_PENDING = activation({ ...OTHER_PRODUCT, state: 'pending' });
/** A second run (activation) of the same product. */
const OTHER_RUN = activation({ id: 2, code_start: 1_000, code_end: 1_999 });

const SESSION: Expected = { product_code: PRODUCT.product_code, product_title: PRODUCT.product_title, activation_id: null };
const SESSION_OF_RUN_1: Expected = { ...SESSION, activation_id: 1 };
const CLI_PRODUCT: Expected = { ...SESSION, product_title: null };
const EARLIER = { id: 41, seen_at: '2025-05-06 15:00:00' };
/** The first PASS of the code in another session (yesterday's, or another station's). */
const FIRST_PASS = { id: 7, station: 'line-2-pc', line: 'L2', seen_at: '2025-05-05 09:30:00' };

const CODE_SCAN = normalizeScan('ABCDEFGHJ');
const INVALID_SCAN = normalizeScan('hello\r');

function local(changes: Partial<LocalFacts>): LocalFacts {
  return { input: 'ABCDEFGHJ', normalized: CODE_SCAN, code: CODE, activation: ACTIVE, expected: SESSION, earlier: undefined, firstPass: undefined, ...changes };
}

describe('the local verdict', () => {
  it.each<[string, Partial<LocalFacts>, Verdict, string | null, number | null]>([
    // name, facts (changes from a PASS in a session), verdict, reason code, activation_id
    ['PASS: active, right product, first scan in the session', {}, 'PASS', null, 1],
    ['PASS: outside a session nothing is expected', { expected: null }, 'PASS', null, 1],
    ['PASS: outside a session another product is no fault', { expected: null, activation: OTHER_PRODUCT_ACTIVE }, 'PASS', null, 1],
    ['PASS: the run the session names', { expected: SESSION_OF_RUN_1 }, 'PASS', null, 1],
    ['PASS: the CLI’s --product, matching', { expected: CLI_PRODUCT }, 'PASS', null, 1],
    [
      'INVALID: not a code',
      { input: 'hello\r', normalized: INVALID_SCAN, code: undefined, activation: undefined },
      'INVALID',
      'VERIFY_INVALID',
      null,
    ],
    [
      'INVALID before UNKNOWN_CODE and everything after',
      { normalized: INVALID_SCAN, code: CODE, earlier: EARLIER },
      'INVALID',
      'VERIFY_INVALID',
      null,
    ],
    ['UNKNOWN_CODE: in no downloaded package', { code: undefined, activation: undefined }, 'UNKNOWN_CODE', 'VERIFY_UNKNOWN_CODE', null],
    [
      'UNKNOWN_CODE before NOT_ACTIVATED / WRONG_PRODUCT / DUPLICATE',
      { code: undefined, activation: OTHER_PRODUCT_PENDING, earlier: EARLIER },
      'UNKNOWN_CODE',
      'VERIFY_UNKNOWN_CODE',
      null,
    ],
    ['NOT_ACTIVATED: no live activation covers it', { activation: undefined }, 'NOT_ACTIVATED', 'VERIFY_NOT_ACTIVATED', null],
    ['NOT_ACTIVATED: the covering activation is pending', { activation: PENDING }, 'NOT_ACTIVATED', 'VERIFY_ACTIVATION_PENDING', 1],
    ['NOT_ACTIVATED: the covering activation is being sent', { activation: SENDING }, 'NOT_ACTIVATED', 'VERIFY_ACTIVATION_PENDING', 1],
    ['NOT_ACTIVATED before WRONG_PRODUCT', { activation: OTHER_PRODUCT_PENDING }, 'NOT_ACTIVATED', 'VERIFY_ACTIVATION_PENDING', 1],
    [
      'NOT_ACTIVATED before WRONG_PRODUCT (wrong run)',
      { activation: PENDING, expected: { ...SESSION, activation_id: 9 } },
      'NOT_ACTIVATED',
      'VERIFY_ACTIVATION_PENDING',
      1,
    ],
    ['NOT_ACTIVATED before DUPLICATE', { activation: undefined, earlier: EARLIER }, 'NOT_ACTIVATED', 'VERIFY_NOT_ACTIVATED', null],
    ['WRONG_PRODUCT: activated for another product', { activation: OTHER_PRODUCT_ACTIVE }, 'WRONG_PRODUCT', 'VERIFY_WRONG_PRODUCT', 1],
    [
      'WRONG_PRODUCT: the CLI’s --product, not matching',
      { activation: OTHER_PRODUCT_ACTIVE, expected: CLI_PRODUCT },
      'WRONG_PRODUCT',
      'VERIFY_WRONG_PRODUCT',
      1,
    ],
    [
      'WRONG_PRODUCT: right product, another carton run than the session’s',
      { activation: OTHER_RUN, expected: SESSION_OF_RUN_1 },
      'WRONG_PRODUCT',
      'VERIFY_WRONG_RUN',
      2,
    ],
    [
      'wrong product before wrong run',
      { activation: { ...OTHER_PRODUCT_ACTIVE, id: 2 }, expected: SESSION_OF_RUN_1 },
      'WRONG_PRODUCT',
      'VERIFY_WRONG_PRODUCT',
      2,
    ],
    ['WRONG_PRODUCT before DUPLICATE', { activation: OTHER_PRODUCT_ACTIVE, earlier: EARLIER }, 'WRONG_PRODUCT', 'VERIFY_WRONG_PRODUCT', 1],
    [
      'wrong run before DUPLICATE',
      { activation: OTHER_RUN, expected: SESSION_OF_RUN_1, earlier: EARLIER },
      'WRONG_PRODUCT',
      'VERIFY_WRONG_RUN',
      2,
    ],
    ['DUPLICATE: scanned before in this session', { earlier: EARLIER }, 'DUPLICATE', 'VERIFY_DUPLICATE', 1],
    ['DUPLICATE in the session’s own run', { earlier: EARLIER, expected: SESSION_OF_RUN_1 }, 'DUPLICATE', 'VERIFY_DUPLICATE', 1],
    [
      'DUPLICATE: passed before in another session',
      { firstPass: FIRST_PASS },
      'DUPLICATE',
      'VERIFY_DUPLICATE_PASSED_BEFORE',
      1,
    ],
    ['in this session before passed elsewhere', { earlier: EARLIER, firstPass: FIRST_PASS }, 'DUPLICATE', 'VERIFY_DUPLICATE', 1],
    [
      'WRONG_PRODUCT before passed elsewhere',
      { activation: OTHER_PRODUCT_ACTIVE, firstPass: FIRST_PASS },
      'WRONG_PRODUCT',
      'VERIFY_WRONG_PRODUCT',
      1,
    ],
    [
      'NOT_ACTIVATED before passed elsewhere',
      { activation: PENDING, firstPass: FIRST_PASS },
      'NOT_ACTIVATED',
      'VERIFY_ACTIVATION_PENDING',
      1,
    ],
  ])('%s', (_, changes, verdict, reasonCode, activationId) => {
    const result = localVerdict(local(changes));
    expect(result.verdict).toBe(verdict);
    expect(result.reason?.code ?? null).toBe(reasonCode);
    expect(result.activation_id).toBe(activationId);
    const located = verdict !== 'INVALID' && verdict !== 'UNKNOWN_CODE';
    expect([result.application_id, result.code_index]).toEqual(located ? [APP, 5] : [null, null]);
  });

  it('names where and when a duplicate was first seen, in local time, in both languages', () => {
    const elsewhere = localVerdict(local({ firstPass: FIRST_PASS })).reason!;
    expect(elsewhere.details).toEqual({ earlier_scan_id: 7, station: 'line-2-pc', line: 'L2' });
    for (const language of ['en', 'zh-CN'] as const) {
      const { message } = elsewhere.localized[language];
      for (const part of ['line-2-pc', 'L2', '2025-05-05 09:30:00', '#7']) expect(message).toContain(part);
    }
    const here = localVerdict(local({ earlier: EARLIER })).reason!;
    for (const language of ['en', 'zh-CN'] as const) expect(here.localized[language].message).toContain('2025-05-06 15:00:00');
  });

  it('says why in both languages, with the facts the screen shows', () => {
    expect(localVerdict(local({ input: 'he\rllo', normalized: INVALID_SCAN })).reason!.localized.en.message).toContain('he␍llo');
    expect(localVerdict(local({ activation: OTHER_PRODUCT_ACTIVE })).reason).toMatchObject({
      details: { activation_id: 1, product_code: OTHER_PRODUCT.product_code, expected_product: PRODUCT.product_code },
      localized: {
        en: { message: expect.stringContaining(OTHER_PRODUCT.product_title) },
        'zh-CN': { hint: '请把纸箱拿下线，交给班组长。' },
      },
    });
    expect(localVerdict(local({ earlier: EARLIER })).reason).toMatchObject({ details: { earlier_scan_id: 41 } });
    expect(localVerdict(local({ activation: OTHER_RUN, expected: SESSION_OF_RUN_1 })).reason!.details).toEqual({
      activation_id: 2,
      expected_activation_id: 1,
    });
    expect(localVerdict(local({ activation: undefined })).reason!.details).toEqual({ application_id: APP, code_index: 5 });
    expect(localVerdict(local({ activation: PENDING })).reason!.details).toEqual({ activation_id: 1, state: 'pending' });
    expect(localVerdict(local({ code: undefined })).reason).not.toHaveProperty('details');
  });
});

const SAME_AS_LEDGER: RemoteReply = {
  kind: 'activated',
  info: { code: 'ABCDEFGHJ', application_id: APP, code_start: 0, code_end: 999, ...PRODUCT },
};
const CHANGED_AT_WECHAT: RemoteReply = { kind: 'activated', info: { ...SAME_AS_LEDGER.info, wxa_path: 'pages/other/index' } };
const SAYS_NOT_ACTIVATED: RemoteReply = { kind: 'not_activated', errcode: 9402102 };
const SAYS_NO_SUCH_CODE: RemoteReply = { kind: 'unknown_code', errcode: 9402101 };

const DUPLICATE_REASON = localVerdict(local({ earlier: EARLIER })).reason;

function remote(localVerdictWas: Verdict, changes: Partial<RemoteFacts>): RemoteFacts {
  const reason =
    localVerdictWas === 'PASS' ? null : localVerdictWas === 'DUPLICATE' ? DUPLICATE_REASON : { code: `LOCAL_${localVerdictWas}` };
  return {
    scan: { local_verdict: localVerdictWas, reason_json: reason ? JSON.stringify(reason) : null, activation_id: 1, ...CODE },
    activation: ACTIVE,
    answer: SAME_AS_LEDGER,
    expected: SESSION,
    earlier: undefined,
    firstPass: undefined,
    ...changes,
  };
}

describe('the final verdict, once WeChat answers', () => {
  it.each<[string, Verdict, Partial<RemoteFacts>, 'confirmed' | 'mismatch', Verdict, string | null, number | null]>([
    // name, local verdict, facts, remote, final verdict, reason code, activation_id
    ['WeChat agrees: PASS stays', 'PASS', {}, 'confirmed', 'PASS', null, 1],
    ['WeChat agrees: DUPLICATE stays, with its reason', 'DUPLICATE', {}, 'confirmed', 'DUPLICATE', 'VERIFY_DUPLICATE', 1],
    [
      'WeChat agrees: WRONG_PRODUCT stays',
      'WRONG_PRODUCT',
      { activation: OTHER_PRODUCT_ACTIVE, answer: { kind: 'activated', info: { ...SAME_AS_LEDGER.info, ...OTHER_PRODUCT } } },
      'confirmed',
      'WRONG_PRODUCT',
      'LOCAL_WRONG_PRODUCT',
      1,
    ],
    [
      'no such code at WeChat → REMOTE_MISMATCH',
      'PASS',
      { answer: SAYS_NO_SUCH_CODE },
      'mismatch',
      'REMOTE_MISMATCH',
      'VERIFY_REMOTE_MISMATCH',
      1,
    ],
    [
      'no such code comes first, even for a local NOT_ACTIVATED',
      'NOT_ACTIVATED',
      { activation: undefined, answer: SAYS_NO_SUCH_CODE },
      'mismatch',
      'REMOTE_MISMATCH',
      'VERIFY_REMOTE_MISMATCH',
      1,
    ],
    [
      '"not activated" for an active range → REMOTE_MISMATCH',
      'PASS',
      { answer: SAYS_NOT_ACTIVATED },
      'mismatch',
      'REMOTE_MISMATCH',
      'VERIFY_REMOTE_MISMATCH',
      1,
    ],
    [
      '"not activated" for an active range, whatever the local verdict',
      'DUPLICATE',
      { answer: SAYS_NOT_ACTIVATED },
      'mismatch',
      'REMOTE_MISMATCH',
      'VERIFY_REMOTE_MISMATCH',
      1,
    ],
    [
      '"not activated" for a local NOT_ACTIVATED (pending) → confirmed, why as of now',
      'NOT_ACTIVATED',
      { activation: PENDING, answer: SAYS_NOT_ACTIVATED },
      'confirmed',
      'NOT_ACTIVATED',
      'VERIFY_ACTIVATION_PENDING',
      1,
    ],
    [
      '"not activated" for a local NOT_ACTIVATED whose pending activation went away',
      'NOT_ACTIVATED',
      { activation: undefined, answer: SAYS_NOT_ACTIVATED },
      'confirmed',
      'NOT_ACTIVATED',
      'VERIFY_NOT_ACTIVATED',
      null,
    ],
    [
      '"not activated" where the ledger no longer has an active one: the local verdict stands',
      'WRONG_PRODUCT',
      { activation: undefined, answer: SAYS_NOT_ACTIVATED },
      'confirmed',
      'WRONG_PRODUCT',
      'LOCAL_WRONG_PRODUCT',
      1,
    ],
    [
      '"activated" where the ledger has nothing → REMOTE_MISMATCH',
      'NOT_ACTIVATED',
      { activation: undefined },
      'mismatch',
      'REMOTE_MISMATCH',
      'VERIFY_REMOTE_MISMATCH',
      1,
    ],
    [
      'held differently at WeChat → REMOTE_MISMATCH',
      'PASS',
      { answer: CHANGED_AT_WECHAT },
      'mismatch',
      'REMOTE_MISMATCH',
      'VERIFY_REMOTE_MISMATCH',
      1,
    ],
    [
      'a difference comes before turning a NOT_ACTIVATED into its activated verdict',
      'NOT_ACTIVATED',
      { activation: PENDING, answer: CHANGED_AT_WECHAT },
      'mismatch',
      'REMOTE_MISMATCH',
      'VERIFY_REMOTE_MISMATCH',
      1,
    ],
    ['scanned before the activation was sent, now held exactly as in the ledger → PASS', 'NOT_ACTIVATED', {}, 'confirmed', 'PASS', null, 1],
    [
      '… even while the ledger still says pending (the outbox has not heard back)',
      'NOT_ACTIVATED',
      { activation: PENDING },
      'confirmed',
      'PASS',
      null,
      1,
    ],
    ['… DUPLICATE if the session had it before', 'NOT_ACTIVATED', { earlier: EARLIER }, 'confirmed', 'DUPLICATE', 'VERIFY_DUPLICATE', 1],
    [
      '… DUPLICATE if it passed before in another session',
      'NOT_ACTIVATED',
      { firstPass: FIRST_PASS },
      'confirmed',
      'DUPLICATE',
      'VERIFY_DUPLICATE_PASSED_BEFORE',
      1,
    ],
    [
      '… WRONG_PRODUCT if it is another product',
      'NOT_ACTIVATED',
      { activation: OTHER_PRODUCT_ACTIVE, answer: { kind: 'activated', info: { ...SAME_AS_LEDGER.info, ...OTHER_PRODUCT } } },
      'confirmed',
      'WRONG_PRODUCT',
      'VERIFY_WRONG_PRODUCT',
      1,
    ],
    [
      '… WRONG_PRODUCT (wrong run) if it is another run',
      'NOT_ACTIVATED',
      {
        activation: OTHER_RUN,
        answer: { kind: 'activated', info: { ...SAME_AS_LEDGER.info, code_start: 1_000, code_end: 1_999 } },
        expected: SESSION_OF_RUN_1,
      },
      'confirmed',
      'WRONG_PRODUCT',
      'VERIFY_WRONG_RUN',
      2,
    ],
    ['… PASS outside a session', 'NOT_ACTIVATED', { expected: null }, 'confirmed', 'PASS', null, 1],
  ])('%s', (_, was, changes, remoteState, verdict, reasonCode, activationId) => {
    const judgement = finalVerdict(remote(was, changes));
    expect(judgement).toMatchObject({ remote: remoteState, verdict, activation_id: activationId });
    expect(judgement.reason?.code ?? null).toBe(reasonCode);
  });

  it('a mismatch keeps the scan’s activation when the ledger has none now', () => {
    const facts = remote('NOT_ACTIVATED', { activation: undefined, answer: SAYS_NO_SUCH_CODE });
    expect(finalVerdict({ ...facts, scan: { ...facts.scan, activation_id: 7 } }).activation_id).toBe(7);
  });

  it.each<[string, RemoteReply, CoveringActivation | undefined, object | undefined]>([
    ['no such code', SAYS_NO_SUCH_CODE, ACTIVE, { errcode: 9402101 }],
    ['not activated', SAYS_NOT_ACTIVATED, ACTIVE, { activation_id: 1, errcode: 9402102 }],
    ['a field differs', CHANGED_AT_WECHAT, ACTIVE, { field: 'wxa_path', activation_id: 1 }],
    ['nothing in the ledger', SAME_AS_LEDGER, undefined, undefined],
  ])('a mismatch (%s) names what differs', (_, answer, covering, details) => {
    const reason = finalVerdict(remote('PASS', { answer, activation: covering })).reason!;
    expect(reason.details).toEqual(details);
    expect(reason.localized.en.hint).toBeTruthy();
  });
});

describe('what a scan needs besides its verdict', () => {
  it.each(VERDICTS.map((verdict) => [verdict, verdict === 'PASS' ? 0 : 1] as const))('%s needs acknowledging: %i', (verdict, needs) => {
    expect(needsAcknowledgement(verdict)).toBe(needs);
  });

  it.each<[Verdict, boolean, boolean, string]>([
    ['PASS', true, false, 'pending'],
    ['PASS', true, true, 'offline'],
    ['PASS', false, true, 'pending'],
    ['NOT_ACTIVATED', true, true, 'offline'],
    ['WRONG_PRODUCT', true, false, 'pending'],
    ['DUPLICATE', false, false, 'pending'],
    ['INVALID', true, true, 'skipped'],
    ['UNKNOWN_CODE', true, false, 'skipped'],
    ['UNKNOWN_CODE', false, true, 'skipped'],
  ])('%s, confirming now %s, backing off %s → remote %s', (verdict, confirmsNow, backingOff, state) => {
    expect(initialRemoteState(verdict, { confirmsNow, backingOff })).toBe(state);
  });

  it.each<[string, { id: number; verdict: Verdict } | undefined, boolean, string, string | undefined]>([
    ['nothing waits: judged', undefined, false, 'judge', undefined],
    ['a FAIL waits: refused', { id: 3, verdict: 'INVALID' }, false, 'refuse', 'VERIFY_ACK_REQUIRED'],
    ['a FAIL waits and this is the ACK code: acknowledges', { id: 3, verdict: 'INVALID' }, true, 'acknowledge', undefined],
    ['the ACK code with nothing waiting: refused, not recorded as INVALID', undefined, true, 'refuse', 'VERIFY_NOTHING_TO_ACKNOWLEDGE'],
  ])('%s', (_, blocking, isAck, kind, code) => {
    const admission = scanAdmission(blocking, isAck);
    expect(admission.kind).toBe(kind);
    expect(admission.kind === 'refuse' ? admission.error.code : undefined).toBe(code);
  });

  it('the refusal names the waiting FAIL', () => {
    const admission = scanAdmission({ id: 3, verdict: 'DUPLICATE' }, false);
    expect(admission.kind === 'refuse' && admission.error.details).toEqual({ scan_id: 3, verdict: 'DUPLICATE' });
  });
});
