/**
 * DUPLICATE across sessions and stations of one ledger (issue 12): a code that already PASSed in any
 * session of the ledger file (yesterday's, or another station's) is a DUPLICATE, and the reason names
 * the station, line and local time it was first seen. Real ledger files, the simulator over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ComposedApp } from '@main/compose';
import { localTime, systemTimeZone } from '@main/log/local-time';
import type { ScanResult } from '@shared/verification-contract';
import { PRODUCT, STATION, SUPERVISOR, T0, verificationWorld, type VerificationWorld } from './helpers';

const worlds: VerificationWorld[] = [];
afterEach(async () => {
  while (worlds.length > 0) await worlds.pop()!.dispose();
});
async function world() {
  const created = await verificationWorld();
  worlds.push(created);
  return created;
}

const DAY_MS = 24 * 60 * 60 * 1_000;
const local = (at: number) => localTime(systemTimeZone()).format(new Date(at).toISOString());

/** A scan at a station, confirmed with WeChat. */
async function scanAt(station: ComposedApp, input: string): Promise<{ local: ScanResult; final: ScanResult }> {
  const engine = station.services.verification;
  const first = engine.scan(input, 'wedge', station.gate.currentActor());
  return { local: first, final: await engine.settled(first.id) };
}

/** The reason names the first PASS: its scan, station, line and local time, in both languages, and no ISO instant. */
function expectFirstSeen(result: ScanResult, first: { id: number; station: string; line: string; at: number }) {
  expect(result).toMatchObject({ local_verdict: 'DUPLICATE', verdict: 'DUPLICATE', needs_ack: true });
  expect(result.reason).toMatchObject({
    code: 'VERIFY_DUPLICATE_PASSED_BEFORE',
    details: { earlier_scan_id: first.id, station: first.station, line: first.line },
  });
  for (const language of ['en', 'zh-CN'] as const) {
    const { message } = result.reason!.localized[language];
    for (const part of [first.station, first.line, local(first.at), `#${first.id}`]) expect(message).toContain(part);
    expect(message).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  }
}

describe('duplicates across sessions', () => {
  it('a code that passed in yesterday’s session is a DUPLICATE today, naming where and when it was first seen', async () => {
    const w = await world();
    await w.activate(0, 999, PRODUCT);
    const yesterday = w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    const pass = await scanAt(w.app, w.code(5).code_url);
    expect(pass.final).toMatchObject({ verdict: 'PASS', remote: 'confirmed' });
    w.engine.endSession(yesterday.id, SUPERVISOR);

    w.advance(DAY_MS);
    const today = w.engine.startSession({ line: 'L3', product_code: PRODUCT.product_code }, SUPERVISOR);
    const again = await scanAt(w.app, w.code(5).code);
    expect(again.local.session_id).toBe(today.id);
    expectFirstSeen(again.local, { id: pass.local.id, station: STATION, line: 'L1', at: T0 });
    // WeChat agrees the code is active: the DUPLICATE stands, with the same reason.
    expectFirstSeen(again.final, { id: pass.local.id, station: STATION, line: 'L1', at: T0 });
    // A re-scan let through is a supervisor's acknowledgement, recorded as such.
    w.lock();
    const acknowledge = () => w.app.dispatch('verify.acknowledge', { scan_id: again.local.id, via: 'button' });
    expect(await acknowledge()).toMatchObject({ ok: false, error: expect.objectContaining({ code: 'SUPERVISOR_REQUIRED' }) });
    w.unlock();
    expect(await acknowledge()).toMatchObject({ ok: true, data: { acknowledged_by: SUPERVISOR } });

    // A third session still names the first PASS, not the duplicate.
    w.engine.endSession(today.id, SUPERVISOR);
    w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    expectFirstSeen((await scanAt(w.app, w.code(5).code)).local, { id: pass.local.id, station: STATION, line: 'L1', at: T0 });
  });

  it('only a PASS counts: a code that failed in an earlier session passes once it is activated', async () => {
    const w = await world();
    w.recordPending(0, 999, PRODUCT);
    const first = w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    const early = w.engine.scan(w.code(9).code, 'wedge', w.actor(), { confirm: false });
    expect(early.local_verdict).toBe('NOT_ACTIVATED');
    w.engine.acknowledge({ scan_id: early.id, via: 'button' }, w.actor());
    w.engine.endSession(first.id, SUPERVISOR);

    await w.drainOutbox();
    w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    expect((await scanAt(w.app, w.code(9).code)).final).toMatchObject({ verdict: 'PASS', reason: null });
  });

  it('a code that passed at another station of the same ledger is a DUPLICATE here, both ways', async () => {
    const w = await world();
    await w.activate(0, 999, PRODUCT);
    const other = await w.otherStation('line-2-pc');
    w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    other.services.verification.startSession({ line: 'L2', product_code: PRODUCT.product_code }, SUPERVISOR);

    const here = await scanAt(w.app, w.code(7).code);
    expect(here.final.verdict).toBe('PASS');
    w.advance(60_000);
    const there = await scanAt(other, w.code(7).code_url);
    expect(other.ledger.prepare('SELECT station FROM scans WHERE id = ?').get(there.local.id)).toEqual({ station: 'line-2-pc' });
    expectFirstSeen(there.final, { id: here.local.id, station: STATION, line: 'L1', at: T0 });
    other.services.verification.acknowledge({ scan_id: there.local.id, via: 'button' }, SUPERVISOR);

    const passedThere = await scanAt(other, w.code(8).code);
    expect(passedThere.final.verdict).toBe('PASS');
    w.advance(60_000);
    expectFirstSeen((await scanAt(w.app, w.code(8).code)).final, {
      id: passedThere.local.id,
      station: 'line-2-pc',
      line: 'L2',
      at: T0 + 60_000,
    });
  });
});
