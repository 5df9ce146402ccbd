import { operatorAccess } from '../support/access';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '@main/bridge';
import type { LogAuditEntry } from '@shared/log-contract';
import { at, logWorld, type LogWorld } from './helpers';

let world: LogWorld;
beforeEach(() => {
  world = logWorld();
  // One entry a minute from at(0): seq n is at(n - 1).
  const entries: [string, string, string | null][] = [
    ['system', 'products.seeded', null], // 1
    ['supervisor:王工', 'product.added', 'product:6901234567892'], // 2
    ['supervisor:王工', 'activation.recorded', 'application:581865877'], // 3
    ['system', 'activation.sent', 'application:581865877'], // 4
    ['system', 'activation.confirmed', 'application:581865877'], // 5
    ['supervisor:李工', 'activation.recorded', 'application:700000001'], // 6
    ['system', 'segment.imported', 'application:700000001'], // 7
    ['supervisor:王工', 'activation_rule.changed', null], // 8: shares the letters, not the family
  ];
  for (const [actor, action, subject] of entries) world.audit.append({ actor, action, subject, details: { note: action } });
});
afterEach(() => world.close());

const seqs = (entries: readonly LogAuditEntry[]) => entries.map((entry) => entry.seq);

describe('log.audit', () => {
  it('lists newest first with actor, action, subject and details (no hashes)', () => {
    const page = world.log.auditEntries({ limit: 3 });
    expect(seqs(page.entries)).toEqual([8, 7, 6]);
    expect(page.next_before_seq).toBe(6);
    expect(page.entries[1]).toEqual({
      seq: 7,
      at: at(6),
      actor: 'system',
      action: 'segment.imported',
      subject: 'application:700000001',
      details: { note: 'segment.imported' },
    });
    const next = world.log.auditEntries({ limit: 3, before_seq: 6 });
    expect(seqs(next.entries)).toEqual([5, 4, 3]);
    expect(seqs(world.log.auditEntries({ limit: 3, before_seq: 3 }).entries)).toEqual([2, 1]);
    expect(world.log.auditEntries({ limit: 3, before_seq: 3 }).next_before_seq).toBeNull();
  });

  it('filters by time, actor, application (as its subject) and subject', () => {
    expect(seqs(world.log.auditEntries({ from: at(2), to: at(5) }).entries)).toEqual([5, 4, 3]);
    expect(seqs(world.log.auditEntries({ actor: 'supervisor:王工' }).entries)).toEqual([8, 3, 2]);
    expect(seqs(world.log.auditEntries({ application_id: 581865877 }).entries)).toEqual([5, 4, 3]);
    expect(seqs(world.log.auditEntries({ subject: 'product:6901234567892' }).entries)).toEqual([2]);
    expect(seqs(world.log.auditEntries({ application_id: 700000001, actor: 'system' }).entries)).toEqual([7]);
  });

  it('matches an action prefix by whole dotted words', () => {
    expect(seqs(world.log.auditEntries({ action_prefix: 'activation' }).entries)).toEqual([6, 5, 4, 3]);
    expect(seqs(world.log.auditEntries({ action_prefix: 'activation.' }).entries)).toEqual([6, 5, 4, 3]);
    expect(seqs(world.log.auditEntries({ action_prefix: 'activation.recorded' }).entries)).toEqual([6, 3]);
    expect(seqs(world.log.auditEntries({ action_prefix: 'product' }).entries)).toEqual([2]);
    expect(seqs(world.log.auditEntries({ action_prefix: 'products' }).entries)).toEqual([1]);
    expect(seqs(world.log.auditEntries({ action_prefix: 'activation', application_id: 581865877, from: at(3) }).entries)).toEqual([5, 4]);
  });

  it('pages a prefix search, and says when nothing older matches', () => {
    const first = world.log.auditEntries({ action_prefix: 'activation', limit: 2 });
    expect(seqs(first.entries)).toEqual([6, 5]);
    expect(first.next_before_seq).toBe(5);
    const second = world.log.auditEntries({ action_prefix: 'activation', limit: 2, before_seq: 5 });
    expect(second).toMatchObject({ next_before_seq: null });
    expect(seqs(second.entries)).toEqual([4, 3]);
    expect(world.log.auditEntries({ action_prefix: 'activation', limit: 2, before_seq: 3 })).toEqual({
      entries: [],
      next_before_seq: null,
    });
  });

  it('finds a rare action at the far end of a long log in one request', () => {
    const rare = world.log.auditEntries({ action_prefix: 'products' });
    // More than the 20,000 entries a request used to read while matching a prefix.
    world.db
      .transaction(() => {
        for (let index = 0; index < 21_000; index++) {
          world.audit.append({ actor: 'system', action: 'segment.imported', subject: 'application:1', details: { index } });
        }
      })
      .immediate();
    expect(world.log.auditEntries({ action_prefix: 'products', limit: 5 })).toEqual(rare);
  });

  it('is served by log.audit over dispatch, which refuses subject together with application_id and odd prefixes', async () => {
    const dispatch = createDispatch(
      { 'log.audit': (filter: never) => world.log.auditEntries(filter) } as unknown as Handlers,
      operatorAccess,
    );
    expect(await dispatch('log.audit', { action_prefix: 'segment', limit: 1 })).toMatchObject({
      ok: true,
      data: { entries: [{ seq: 7 }], next_before_seq: null },
    });
    for (const bad of [
      { subject: 'application:1', application_id: 1 },
      { action_prefix: 'Activation' },
      { action_prefix: 'a b' },
      { limit: 501 },
    ]) {
      expect(await dispatch('log.audit', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
  });
});
