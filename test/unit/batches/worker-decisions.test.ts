/** The batch worker's decisions as tables, without composing the app (src/main/batches/worker/decisions.ts). */
import { describe, expect, it } from 'vitest';
import { dueApplications, nextDueInMs } from '@main/batches/batch-loop';
import {
  classifyStepFailure,
  downloadStep,
  failureVerdict,
  nextStep,
  offlineRetryPolicy,
  pollDelayMs,
  resumeState,
  segmentListMismatch,
} from '@main/batches/worker/decisions';
import { LOOKUP_BUILD_PAUSED } from '@main/batches/lookup-build';
import { LedgerThreadClosedError, LedgerThreadStoppedError } from '@main/threads';
import { apiError, networkError } from '@main/wechat/errors';
import { AppError } from '@shared/errors';

const NOW = Date.UTC(2025, 2, 1, 8, 0, 0);
const LATER = new Date(NOW + 60_000).toISOString();
const EARLIER = new Date(NOW - 60_000).toISOString();

describe('nextStep: what to do next with an application', () => {
  it.each([
    ['no such application', undefined, 'settled'],
    ['imported', { state: 'imported', application_id: 1, next_attempt_at: null }, 'settled'],
    ['failed', { state: 'failed', application_id: 1, next_attempt_at: null }, 'settled'],
    ['postponed until later', { state: 'waiting', application_id: 1, next_attempt_at: LATER }, 'wait'],
    ['applying, due', { state: 'applying', application_id: null, next_attempt_at: EARLIER }, 'apply'],
    ['applying, never tried', { state: 'applying', application_id: null, next_attempt_at: null }, 'apply'],
    ['no application_id yet, whatever the state', { state: 'waiting', application_id: null, next_attempt_at: null }, 'apply'],
    ['waiting for WeChat', { state: 'waiting', application_id: 1, next_attempt_at: null }, 'query'],
    ['downloading', { state: 'downloading', application_id: 1, next_attempt_at: EARLIER }, 'download'],
  ] as const)('%s → %s', (_case, row, expected) => {
    expect(nextStep(row, NOW)).toBe(expected);
  });
});

describe('downloadStep: what a downloading application needs next', () => {
  const pending = { state: 'pending', indexed_at: null } as const;
  const importedNotIndexed = { state: 'imported', indexed_at: null } as const;
  const indexed = { state: 'imported', indexed_at: EARLIER } as const;
  const failed = { state: 'failed', indexed_at: null } as const;
  it.each([
    ['a look-up build under way comes first', [pending, indexed], true, 'build-lookups'],
    ['pending segments are imported', [pending, importedNotIndexed], false, 'import-pending'],
    ['pending beats a failed one', [pending, failed], false, 'import-pending'],
    ['all downloaded, some not indexed: build', [indexed, importedNotIndexed], false, 'build-lookups'],
    ['not indexed while another failed: still build', [importedNotIndexed, failed], false, 'build-lookups'],
    ['all imported and indexed: done', [indexed, indexed], false, 'mark-imported'],
    ['a failed segment waits for a retry', [indexed, failed], false, 'settled'],
  ] as const)('%s', (_case, segments, building, expected) => {
    expect(downloadStep(segments, building)).toBe(expected);
  });
});

describe('failureVerdict: postpone or fail', () => {
  const policy = offlineRetryPolicy();
  const half = () => 0.5;
  it.each([
    ['the network is down: retry with backoff', networkError('applycode', 'ECONNRESET'), 0, { kind: 'retry', delayMs: 2_500 }],
    ['backoff grows with the attempts', networkError('applycode', 'ECONNRESET'), 2, { kind: 'retry', delayMs: 10_000 }],
    ['backoff stops at a minute', networkError('applycode', 'ECONNRESET'), 10, { kind: 'retry', delayMs: 30_000 }],
    [
      'the per-minute quota: retry after its wait',
      apiError({ endpoint: 'applycode', errcode: 45011, errmsg: 'api minute-quota reach limit', nowMs: NOW, minuteQuotaDelayMs: 60_000 }),
      0,
      { kind: 'retry', delayMs: 60_000 },
    ],
    [
      'a refusal fails',
      apiError({ endpoint: 'applycode', errcode: 40001, errmsg: 'invalid credential', nowMs: NOW, minuteQuotaDelayMs: 60_000 }),
      0,
      { kind: 'fail' },
    ],
    ['an error of ours fails', new AppError('X', { 'zh-CN': { message: 'x' }, en: { message: 'x' } }), 0, { kind: 'fail' }],
  ] as const)('%s', (_case, error, attempts, expected) => {
    expect(failureVerdict(error, attempts, policy, half)).toEqual(expected);
  });

  it('the offline policy can be shortened (tests) but keeps the client policy otherwise', () => {
    expect(offlineRetryPolicy({ baseDelayMs: 0, maxDelayMs: 0 })).toMatchObject({ baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 4 });
    expect(offlineRetryPolicy()).toMatchObject({ baseDelayMs: 5_000, maxDelayMs: 60_000 });
  });
});

describe('pollDelayMs: polling WeChat while it generates', () => {
  it.each([
    [0, 500],
    [1, 750],
    [2, 1_125],
    [10, 15_000],
    [100, 15_000],
  ])('after %i polls: %i ms', (attempts, expected) => {
    expect(pollDelayMs(attempts, { initial: 500, max: 15_000 })).toBe(expected);
  });
});

describe('segmentListMismatch: a finished application must list segments covering its codes', () => {
  it.each([
    ['no segments', [], 10_000, 0],
    ['too few codes', [{ code_start: 0, code_end: 9_998 }], 10_000, 9_999],
    [
      'too many codes',
      [
        { code_start: 0, code_end: 9_999 },
        { code_start: 10_000, code_end: 10_000 },
      ],
      10_000,
      10_001,
    ],
    [
      'exactly the codes applied for',
      [
        { code_start: 0, code_end: 4_999 },
        { code_start: 5_000, code_end: 9_999 },
      ],
      10_000,
      undefined,
    ],
  ] as const)('%s', (_case, segments, codeCount, expected) => {
    expect(segmentListMismatch(segments, codeCount)).toBe(expected);
  });
});

describe('classifyStepFailure: how an import step that threw ends', () => {
  const paused = Object.assign(new Error('paused'), { name: LOOKUP_BUILD_PAUSED });
  it.each([
    ['the app is closing (thread closed)', new LedgerThreadClosedError(), 'paused'],
    ['the app is closing (look-up build paused in the thread)', paused, 'paused'],
    ['the thread died', new LedgerThreadStoppedError('the worker exited with code 134'), 'thread-stopped'],
    ['a message that merely looks like a dead thread', new Error('ledger thread stopped: no'), 'step-failed'],
    ['the disk is full', new Error('database or disk is full'), 'step-failed'],
  ])('%s → %s', (_case, error, expected) => {
    expect(classifyStepFailure(error)).toBe(expected);
  });
});

describe('resumeState: where a retry puts an application back', () => {
  it.each([
    [{ application_id: null, finished_at: null }, 'applying'],
    [{ application_id: 7, finished_at: null }, 'waiting'],
    [{ application_id: 7, finished_at: EARLIER }, 'downloading'],
  ] as const)('%o → %s', (row, expected) => {
    expect(resumeState(row)).toBe(expected);
  });
});

describe('the background loop: which applications are due', () => {
  const rows = [{ next_attempt_at: null }, { next_attempt_at: LATER }, { next_attempt_at: EARLIER }];
  it('takes those never tried and those whose time has come', () => {
    expect(dueApplications(rows, NOW)).toEqual([rows[0], rows[2]]);
  });
  it.each([
    ['nothing unsettled', [], undefined],
    ['one due now', rows, 0],
    ['only a later one', [{ next_attempt_at: LATER }], 60_000],
  ] as const)('next due: %s', (_case, unsettled, expected) => {
    expect(nextDueInMs(unsettled, NOW)).toBe(expected);
  });
});
