/** The outbox lease and clock rules (outbox-lease.ts, outbox-rules.ts), as tables. */
import { describe, expect, it } from 'vitest';
import type { ActivationRow } from '@main/activation/activation-store';
import { activationRow } from './rows';
import {
  heldDueInMs,
  HELD_POLL_MS,
  leaseState,
  mayTake,
  ownerProcess,
  rebaseForClock,
  senderId,
  type LeaseFacts,
  type LeaseState,
} from '@main/activation/outbox-lease';
import { nextOutboxWork, outboxDueInMs, type OutboxFacts } from '@main/activation/outbox-rules';

const NOW = Date.parse('2026-06-01T08:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const ME = senderId('station-1', 4242, 'aaaa0000');
const OTHER = senderId('station-1', 4343, 'bbbb1111');

const row = activationRow;

describe('sender ids', () => {
  it.each<[string, { host: string; pid: number } | undefined]>([
    [senderId('station-1', 4242, 'aaaa0000'), { host: 'station-1', pid: 4242 }],
    [senderId('fe80::1', 7, 'x'), { host: 'fe80::1', pid: 7 }],
    ['station-1:0:aaaa', undefined],
    ['no-pid-here', undefined],
    ['station-1:12a:aaaa', undefined],
  ])('%s names %j', (owner, expected) => {
    expect(ownerProcess(owner)).toEqual(expected);
  });
});

describe('leaseState and mayTake: a second sender never takes a leased row', () => {
  const sending = (owner: string | null, expiresInMs: number | null): LeaseFacts => ({
    state: 'sending',
    lease_owner: owner,
    lease_expires_at: expiresInMs === null ? null : at(expiresInMs),
  });
  it.each<[string, LeaseFacts, boolean, LeaseState, boolean]>([
    ['pending, nobody holds it', { state: 'pending', lease_owner: null, lease_expires_at: null }, false, 'free', true],
    ['held by another living sender', sending(OTHER, 60_000), false, 'held', false],
    ['held by another sender, expiring in 1 ms', sending(OTHER, 1), false, 'held', false],
    ['the lease ran out at this very ms', sending(OTHER, 0), false, 'expired', true],
    ['the lease ran out (sender killed elsewhere)', sending(OTHER, -1), false, 'expired', true],
    ['the owner is known gone (killed on this host)', sending(OTHER, 60_000), true, 'owner-gone', true],
    ['my own lease (a step of mine stopped mid-call)', sending(ME, 60_000), false, 'mine', true],
    ['sending from before leases existed', sending(null, null), false, 'unowned', true],
    ['an owner but no expiry', sending(OTHER, null), false, 'expired', true],
  ])('%s', (_name, facts, ownerGone, state, take) => {
    expect(leaseState(facts, ME, NOW, ownerGone)).toBe(state);
    expect(mayTake(state)).toBe(take);
  });

  it('a held row is looked at again when its lease runs out, or at the next poll if sooner', () => {
    expect(heldDueInMs({ lease_expires_at: at(1_200) }, NOW)).toBe(1_200);
    expect(heldDueInMs({ lease_expires_at: at(600_000) }, NOW)).toBe(HELD_POLL_MS);
    expect(heldDueInMs({ lease_expires_at: at(-5) }, NOW)).toBe(0);
  });
});

describe('nextOutboxWork with leases and --now', () => {
  const facts = (more: Partial<OutboxFacts> = {}): OutboxFacts => ({ nowMs: NOW, me: ME, ownerGone: false, ...more });
  it.each<[string, ActivationRow, Partial<OutboxFacts>, string, number]>([
    ['a head held by another sender waits', row({ state: 'sending', lease_owner: OTHER, lease_expires_at: at(2_000) }), {}, 'waiting', 2_000],
    ['… unless its owner is gone', row({ state: 'sending', lease_owner: OTHER, lease_expires_at: at(2_000) }), { ownerGone: true }, 'send', 0],
    ['a head whose lease expired is taken over', row({ state: 'sending', lease_owner: OTHER, lease_expires_at: at(-1) }), {}, 'send', 0],
    ['a head waiting for its retry waits', row({ next_attempt_at: at(30_000) }), {}, 'waiting', 30_000],
    ['--now sends a head waiting for its retry', row({ next_attempt_at: at(30_000) }), { ignoreWait: true }, 'send', 0],
    [
      '--now does not take a row another sender holds',
      row({ state: 'sending', lease_owner: OTHER, lease_expires_at: at(2_000), next_attempt_at: at(-10) }),
      { ignoreWait: true },
      'waiting',
      2_000,
    ],
  ])('%s', (_name, head, more, kind, dueInMs) => {
    expect(nextOutboxWork(head, undefined, facts(more)).kind).toBe(kind);
    expect(outboxDueInMs(head, false, facts(more), 5_000)).toBe(dueInMs);
  });
});

describe('rebaseForClock: a clock moved back cannot block the queue', () => {
  const DAY = 24 * 60 * 60_000;
  it.each<[string, Partial<ActivationRow>, { next_attempt_at?: string; lease_expires_at?: string } | undefined]>([
    ['no wait, no lease', {}, undefined],
    ['a wait as intended', { next_attempt_at: at(30_000), retry_delay_ms: 60_000 }, undefined],
    ['a wait exactly as long as intended', { next_attempt_at: at(60_000), retry_delay_ms: 60_000 }, undefined],
    ['clock moved back 1 h: a 60 s wait re-based to now + 60 s', { next_attempt_at: at(3_600_000), retry_delay_ms: 60_000 }, { next_attempt_at: at(60_000) }],
    ['a 24 h wait (barcode under review) kept as it is', { next_attempt_at: at(DAY - 1_000), retry_delay_ms: DAY }, undefined],
    ['clock moved back 2 days: a 24 h wait re-based to now + 24 h', { next_attempt_at: at(3 * DAY), retry_delay_ms: DAY }, { next_attempt_at: at(DAY) }],
    ['a wait with no intended length (none recorded) is left', { next_attempt_at: at(3_600_000), retry_delay_ms: null }, undefined],
    ['a due time in the past needs nothing', { next_attempt_at: at(-5_000), retry_delay_ms: 60_000 }, undefined],
    [
      'a lease as taken',
      { state: 'sending', sent_at: at(-1_000), lease_expires_at: at(299_000), lease_owner: OTHER },
      undefined,
    ],
    [
      'clock moved back 1 h under a 5 min lease: re-based to now + 5 min',
      { state: 'sending', sent_at: at(3_600_000), lease_expires_at: at(3_900_000), lease_owner: OTHER },
      { lease_expires_at: at(300_000) },
    ],
    [
      'a sending row ignores its old wait',
      { state: 'sending', next_attempt_at: at(3_600_000), retry_delay_ms: 1_000, sent_at: at(0), lease_expires_at: at(300_000) },
      undefined,
    ],
  ])('%s', (_name, more, expected) => {
    expect(rebaseForClock(row(more), NOW)).toEqual(expected);
  });
});
