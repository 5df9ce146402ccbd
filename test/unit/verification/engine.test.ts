import { afterEach, describe, expect, it, vi } from 'vitest';
import { contract } from '@shared/contract';
import type { ScanResult } from '@shared/verification-contract';
import { OTHER_PRODUCT, PRODUCT, SUPERVISOR, verificationWorld, type VerificationWorld } from './helpers';

const worlds: VerificationWorld[] = [];
afterEach(async () => {
  while (worlds.length > 0) await worlds.pop()!.dispose();
});
async function world(options?: Parameters<typeof verificationWorld>[0]) {
  const created = await verificationWorld(options);
  worlds.push(created);
  return created;
}

function refusal(work: () => unknown): {
  code: string;
  localized: Record<'en' | 'zh-CN', { message: string }>;
  details?: Record<string, unknown>;
} {
  try {
    work();
  } catch (error) {
    return error as ReturnType<typeof refusal>;
  }
  throw new Error('expected a refusal');
}

/** Scans, waits for its confirmation, and acknowledges it if it failed (so the session goes on). */
async function scanAndSettle(w: VerificationWorld, input: string): Promise<{ local: ScanResult; final: ScanResult }> {
  const local = w.engine.scan(input, 'wedge', w.actor());
  const final = await w.engine.settled(local.id);
  if (final.needs_ack && !final.acknowledged_by) w.engine.acknowledge({ scan_id: final.id, via: 'button' }, w.actor());
  return { local, final };
}

describe('verdicts', () => {
  it('gives every local verdict at once, then the final one after codeactivequery', async () => {
    const w = await world();
    await w.activate(0, 999, PRODUCT);
    await w.activate(1_000, 1_999, OTHER_PRODUCT);
    const pending = w.recordPending(2_000, 2_999, PRODUCT);
    const session = w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    w.clearEvents();

    const pass = await scanAndSettle(w, `]Q1http://${w.code(5).code_url.toLowerCase()}\r\n`);
    expect(pass.local).toMatchObject({
      session_id: session.id,
      local_verdict: 'PASS',
      verdict: 'PASS',
      remote: 'pending',
      needs_ack: false,
      reason: null,
      code_index: 5,
    });
    expect(pass.final).toMatchObject({ verdict: 'PASS', remote: 'confirmed', needs_ack: false });

    const wrong = await scanAndSettle(w, w.code(1_005).code);
    expect(wrong.local).toMatchObject({
      local_verdict: 'WRONG_PRODUCT',
      needs_ack: true,
      reason: expect.objectContaining({ code: 'VERIFY_WRONG_PRODUCT' }),
    });
    expect(wrong.local.reason!.localized.en.message).toContain(OTHER_PRODUCT.product_title);
    expect(wrong.final).toMatchObject({ verdict: 'WRONG_PRODUCT', remote: 'confirmed' });

    const notYet = await scanAndSettle(w, w.code(2_005).code_url);
    expect(notYet.local).toMatchObject({
      local_verdict: 'NOT_ACTIVATED',
      activation_id: pending,
      reason: expect.objectContaining({ code: 'VERIFY_ACTIVATION_PENDING' }),
    });
    expect(notYet.local.reason!.localized.en.message).toContain('pending, not yet confirmed by WeChat');
    expect(notYet.final).toMatchObject({ verdict: 'NOT_ACTIVATED', remote: 'confirmed' });

    const never = await scanAndSettle(w, w.code(3_005).code_url);
    expect(never.local).toMatchObject({
      local_verdict: 'NOT_ACTIVATED',
      activation_id: null,
      reason: expect.objectContaining({ code: 'VERIFY_NOT_ACTIVATED' }),
    });
    expect(never.final).toMatchObject({ verdict: 'NOT_ACTIVATED', remote: 'confirmed' });

    const again = await scanAndSettle(w, w.code(5).code);
    expect(again.local).toMatchObject({
      local_verdict: 'DUPLICATE',
      reason: expect.objectContaining({ code: 'VERIFY_DUPLICATE', details: { earlier_scan_id: pass.local.id } }),
    });
    expect(again.final).toMatchObject({ verdict: 'DUPLICATE', remote: 'confirmed' });

    const unknown = await scanAndSettle(w, 'P.URL.CN/0U.ZZZZZZZZZZZZZZZZ');
    expect(unknown.local).toMatchObject({ kind: 'code_url', local_verdict: 'UNKNOWN_CODE', remote: 'skipped', application_id: null });
    expect(unknown.final.remote).toBe('skipped');

    const invalid = await scanAndSettle(w, 'hello\r');
    expect(invalid.local).toMatchObject({
      kind: 'invalid',
      local_verdict: 'INVALID',
      remote: 'skipped',
      reason: expect.objectContaining({ code: 'VERIFY_INVALID' }),
    });
    expect(invalid.local.reason!.localized.en.message).toContain('hello␍');

    // Every scan was pushed once; every confirmation that changed something once more.
    expect(w.events('verify.scanned').map((scan) => scan.local_verdict)).toEqual([
      'PASS',
      'WRONG_PRODUCT',
      'NOT_ACTIVATED',
      'NOT_ACTIVATED',
      'DUPLICATE',
      'UNKNOWN_CODE',
      'INVALID',
    ]);
    for (const payload of [...w.events('verify.scanned'), ...w.events('verify.scanUpdated')])
      contract['verify.scan'].response.parse(payload);

    const summary = w.engine.endSession(session.id, SUPERVISOR);
    expect(summary).toMatchObject({
      ended_by: 'supervisor:test',
      total: 7,
      unacknowledged: 0,
      unconfirmed: 0,
      counts: { PASS: 1, WRONG_PRODUCT: 1, NOT_ACTIVATED: 2, DUPLICATE: 1, UNKNOWN_CODE: 1, INVALID: 1, REMOTE_MISMATCH: 0 },
    });
  });

  it('REMOTE_MISMATCH when the service holds something else; the cache hides a change until its TTL runs out', async () => {
    const w = await world({ tuning: { cacheTtlMs: 60_000 } });
    await w.activate(0, 999);
    await w.activate(1_000, 1_999);
    w.simulator().admin.alterActivation({
      application_id: w.applicationId,
      code_index: 10,
      changes: { product_title: 'Changed at WeChat' },
    });

    const changed = w.engine.scan(w.code(10).code_url, 'hid', w.actor());
    expect(changed.local_verdict).toBe('PASS');
    const final = await w.engine.settled(changed.id);
    expect(final).toMatchObject({ local_verdict: 'PASS', verdict: 'REMOTE_MISMATCH', remote: 'mismatch', needs_ack: true });
    expect(final.reason).toMatchObject({ code: 'VERIFY_REMOTE_MISMATCH', details: { field: 'product_title' } });
    expect(final.reason!.localized.en.message).toContain('Changed at WeChat');
    expect(w.events('verify.scanUpdated').at(-1)).toMatchObject({ id: changed.id, verdict: 'REMOTE_MISMATCH' });

    // Range 1000–1999: confirmed, then changed at WeChat; within the TTL the cached answer stands.
    expect((await w.engine.settled(w.engine.scan(w.code(1_001).code, 'hid', w.actor()).id)).remote).toBe('confirmed');
    w.simulator().admin.alterActivation({ application_id: w.applicationId, code_index: 1_500, changes: { wxa_path: 'pages/other/index' } });
    expect((await w.engine.settled(w.engine.scan(w.code(1_002).code, 'hid', w.actor()).id)).remote).toBe('confirmed');
    w.advance(60_001);
    const later = await w.engine.settled(w.engine.scan(w.code(1_003).code, 'hid', w.actor()).id);
    expect(later).toMatchObject({
      verdict: 'REMOTE_MISMATCH',
      reason: expect.objectContaining({ details: expect.objectContaining({ field: 'wxa_path' }) }),
    });
  });

  it('a remote mismatch found later blocks the session until acknowledged', async () => {
    const w = await world();
    await w.activate(0, 999);
    w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    w.simulator().admin.alterActivation({
      application_id: w.applicationId,
      code_index: 0,
      changes: { product_code: OTHER_PRODUCT.product_code },
    });
    const scanned = w.engine.scan(w.code(1).code, 'wedge', w.actor());
    expect(scanned.verdict).toBe('PASS');
    await w.engine.settled(scanned.id);
    expect(refusal(() => w.engine.scan(w.code(2).code, 'wedge', w.actor()))).toMatchObject({
      code: 'VERIFY_ACK_REQUIRED',
      details: { scan_id: scanned.id },
    });
    w.engine.acknowledge({ scan_id: scanned.id, via: 'button' }, w.actor());
    expect(w.engine.scan(w.code(2).code, 'wedge', w.actor()).local_verdict).toBe('PASS');
  });

  it('WeChat saying "not activated" for an active range, or not knowing the code, is a mismatch', async () => {
    const w = await world();
    await w.activate(0, 999);
    // The ledger says active; the service never got it (simulated by an activation recorded straight into the ledger).
    w.app.ledger
      .prepare(
        `INSERT INTO activations (application_id, code_start, code_end, product_code, product_brand, product_title, activity_name,
           wxa_appid, wxa_path, wxa_type, state, created_by, created_at, updated_at)
         VALUES (?, 5000, 5999, ?, ?, ?, ?, ?, ?, 0, 'active', 'test', 'now', 'now')`,
      )
      .run(
        w.applicationId,
        PRODUCT.product_code,
        PRODUCT.product_brand,
        PRODUCT.product_title,
        PRODUCT.activity_name,
        PRODUCT.wxa_appid,
        PRODUCT.wxa_path,
      );
    const final = await w.engine.settled(w.engine.scan(w.code(5_001).code, 'cli', w.actor()).id);
    expect(final).toMatchObject({
      local_verdict: 'PASS',
      verdict: 'REMOTE_MISMATCH',
      reason: expect.objectContaining({ details: expect.objectContaining({ errcode: 9402102 }) }),
    });
  });
});

describe('offline', () => {
  it('keeps the local verdict marked offline, holds calls while backing off, and confirms later with one call per range', async () => {
    const w = await world();
    await w.activate(0, 999);
    await w.stopService();

    const first = w.engine.scan(w.code(20).code_url, 'hid', w.actor());
    expect(first).toMatchObject({ verdict: 'PASS', remote: 'pending' });
    expect(await w.engine.settled(first.id)).toMatchObject({ verdict: 'PASS', remote: 'offline', needs_ack: false });
    expect(w.events('verify.scanUpdated').at(-1)).toMatchObject({ id: first.id, remote: 'offline' });
    // Backing off: the next scan is marked offline at once, without trying the network.
    const callsBefore = w.engine.remoteStats().calls;
    const second = w.engine.scan(w.code(21).code_url, 'hid', w.actor());
    expect(second.remote).toBe('offline');
    expect(await w.engine.confirmUnconfirmed()).toBe('waiting');
    expect(w.engine.remoteStats().calls).toBe(callsBefore);

    await w.restartService();
    w.advance(1_000);
    expect(await w.engine.confirmUnconfirmed()).toBe('progressed');
    expect(w.engine.scanById(first.id)).toMatchObject({ verdict: 'PASS', remote: 'confirmed' });
    expect(w.engine.scanById(second.id)).toMatchObject({ verdict: 'PASS', remote: 'confirmed' });
    expect(w.codeactivequeries()).toBe(1);
    expect(await w.engine.confirmUnconfirmed()).toBe('idle');
  });

  it('a code scanned before its activation was sent turns from NOT_ACTIVATED into its final verdict once WeChat holds it', async () => {
    const w = await world();
    w.recordPending(0, 999);
    await w.stopService();
    w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    const scanned = w.engine.scan(w.code(7).code, 'wedge', w.actor());
    expect(scanned).toMatchObject({ local_verdict: 'NOT_ACTIVATED', needs_ack: true });
    expect(await w.engine.settled(scanned.id)).toMatchObject({ verdict: 'NOT_ACTIVATED', remote: 'offline' });
    expect(refusal(() => w.engine.scan(w.code(8).code, 'wedge', w.actor())).code).toBe('VERIFY_ACK_REQUIRED');

    await w.restartService();
    await w.drainOutbox();
    w.advance(1_000);
    await w.engine.confirmUnconfirmed();
    expect(w.engine.scanById(scanned.id)).toMatchObject({
      local_verdict: 'NOT_ACTIVATED',
      verdict: 'PASS',
      remote: 'confirmed',
      needs_ack: false,
      reason: null,
    });
    // The FAIL went away, so the line is no longer blocked.
    expect(w.engine.scan(w.code(8).code, 'wedge', w.actor()).local_verdict).toBe('PASS');
    expect(w.engine.currentSession()).toMatchObject({ unacknowledged: 0, counts: expect.objectContaining({ PASS: 2 }) });
  });
});

describe('the background loop', () => {
  it('start() confirms scans left pending (restart, CLI --local) without being asked', async () => {
    const w = await world();
    await w.activate(0, 999);
    const ids = [1, 2, 3].map((index) => w.engine.scan(w.code(index).code, 'cli', w.actor(), { confirm: false }).id);
    expect(ids.map((id) => w.engine.scanById(id)!.remote)).toEqual(['pending', 'pending', 'pending']);
    w.app.start();
    await vi.waitFor(() => expect(ids.map((id) => w.engine.scanById(id)!.remote)).toEqual(['confirmed', 'confirmed', 'confirmed']), {
      timeout: 10_000,
    });
    expect(w.codeactivequeries()).toBeGreaterThan(0);
  });
});

describe('the per-range cache', () => {
  it('N scans of one activated range cost one codeactivequery; another range one more; after the TTL one more', async () => {
    const w = await world({ tuning: { cacheTtlMs: 600_000 } });
    await w.activate(0, 999);
    await w.activate(1_000, 1_999, OTHER_PRODUCT);
    w.simulator().admin.resetCounters();

    // A burst (confirmations overlap), then more one by one: no session, so no acknowledgements needed.
    const burst = Array.from({ length: 25 }, (_, i) => w.engine.scan(w.code(100 + i).code_url, 'hid', w.actor()));
    const settled = await Promise.all(burst.map((scan) => w.engine.settled(scan.id)));
    expect(settled.every((scan) => scan.remote === 'confirmed' && scan.verdict === 'PASS')).toBe(true);
    for (let i = 0; i < 10; i += 1) await w.engine.settled(w.engine.scan(w.code(500 + i).code, 'hid', w.actor()).id);
    expect(w.codeactivequeries()).toBe(1);

    for (let i = 0; i < 10; i += 1) await w.engine.settled(w.engine.scan(w.code(1_500 + i).code, 'hid', w.actor()).id);
    expect(w.codeactivequeries()).toBe(2);

    w.advance(600_001);
    await w.engine.settled(w.engine.scan(w.code(700).code, 'hid', w.actor()).id);
    expect(w.codeactivequeries()).toBe(3);
    expect(w.engine.remoteStats()).toMatchObject({ calls: 3 });
  });
});

describe('acknowledgements', () => {
  it('refuses scans after a FAIL (recording nothing) until the button acknowledges it', async () => {
    const w = await world();
    await w.activate(0, 999);
    w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    const failed = w.engine.scan('garbage', 'wedge', w.actor());
    expect(failed).toMatchObject({ verdict: 'INVALID', needs_ack: true, acknowledged_by: null });
    const count = () => (w.app.ledger.prepare('SELECT COUNT(*) AS n FROM scans').get() as { n: number }).n;
    const before = count();
    const refused = refusal(() => w.engine.scan(w.code(1).code, 'hid', w.actor()));
    expect(refused).toMatchObject({ code: 'VERIFY_ACK_REQUIRED', details: { scan_id: failed.id } });
    expect(refused.localized['zh-CN'].message).toContain('确认');
    expect(count()).toBe(before);
    expect(w.events('verify.scanRefused').at(-1)).toMatchObject({
      source: 'hid',
      error: expect.objectContaining({ code: 'VERIFY_ACK_REQUIRED' }),
    });

    w.engine.acknowledge({ scan_id: failed.id, via: 'button' }, w.actor());
    expect(w.engine.scan(w.code(1).code, 'wedge', w.actor())).toMatchObject({ verdict: 'PASS', needs_ack: false });
  });

  it('acknowledges by button (as the current actor) and by the ACK code when configured', async () => {
    const w = await world();
    await w.activate(0, 999);
    w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    w.lock();
    const failed = w.engine.scan('garbage', 'wedge', w.actor());
    expect(() => w.engine.scan(w.code(1).code, 'wedge', w.actor())).toThrow(expect.objectContaining({ code: 'VERIFY_ACK_REQUIRED' }));
    expect(w.engine.acknowledge({ scan_id: failed.id, via: 'button' }, w.actor())).toMatchObject({
      acknowledged_by: 'operator',
      needs_ack: true,
    });
    expect(w.engine.acknowledge({ scan_id: failed.id, via: 'button' }, w.actor()).acknowledged_by).toBe('operator'); // idempotent
    const pass = w.engine.scan(w.code(1).code, 'wedge', w.actor());
    expect(() => w.engine.acknowledge({ scan_id: pass.id, via: 'button' }, w.actor())).toThrow(
      expect.objectContaining({ code: 'VERIFY_ACK_NOT_NEEDED' }),
    );
    // Button mode: the ACK code is not special, and acknowledging "by code" is refused.
    const second = w.engine.scan('garbage 2', 'wedge', w.actor());
    expect(() => w.engine.scan('ACK-OK', 'wedge', w.actor())).toThrow(expect.objectContaining({ code: 'VERIFY_ACK_REQUIRED' }));
    expect(() => w.engine.acknowledge({ scan_id: second.id, via: 'ack_code', code: 'ACK-OK' }, w.actor())).toThrow(
      expect.objectContaining({ code: 'VERIFY_ACK_CODE_WRONG' }),
    );

    w.app.services.settings.set({ key: 'ackMode', value: 'ack_code' }, 'supervisor:test');
    w.app.services.settings.set({ key: 'ackCode', value: 'ack-line-1' }, 'supervisor:test');
    // ACK-code mode: the on-screen button needs a supervisor; scanning the code acknowledges.
    expect(await w.app.dispatch('verify.acknowledge', { scan_id: second.id, via: 'button' })).toMatchObject({
      ok: false,
      error: expect.objectContaining({ code: 'SUPERVISOR_REQUIRED' }),
    });
    expect(() => w.engine.scan('ACK-WRONG', 'hid', w.actor())).toThrow(expect.objectContaining({ code: 'VERIFY_ACK_REQUIRED' }));
    const acknowledged = w.engine.scan(']Q1ACK-LINE-1\r', 'hid', w.actor());
    expect(acknowledged).toMatchObject({ id: second.id, acknowledged_by: 'operator' });
    expect(w.events('verify.scanUpdated').at(-1)).toMatchObject({ id: second.id, acknowledged_by: 'operator' });
    // Nothing left to acknowledge: the ACK code is refused rather than recorded as an INVALID scan.
    expect(() => w.engine.scan('ack-line-1', 'hid', w.actor())).toThrow(expect.objectContaining({ code: 'VERIFY_NOTHING_TO_ACKNOWLEDGE' }));
    const third = w.engine.scan('garbage 3', 'wedge', w.actor());
    expect(w.engine.acknowledge({ scan_id: third.id, via: 'ack_code', code: 'ACK-LINE-1' }, w.actor()).acknowledged_by).toBe('operator');
    w.unlock();
    const fourth = w.engine.scan('garbage 4', 'wedge', w.actor());
    expect(w.engine.acknowledge({ scan_id: fourth.id, via: 'button' }, w.actor()).acknowledged_by).toBe('supervisor:test');
    const audit = w.app.services.audit.list({ action: 'scan.acknowledged' });
    expect(audit.map((entry) => entry.details.via)).toEqual(['button', 'ack_code', 'ack_code', 'button']);
  });

  it('without a session nothing blocks', async () => {
    const w = await world();
    expect(w.engine.scan('garbage', 'wedge', w.actor())).toMatchObject({ session_id: null, needs_ack: true });
    expect(w.engine.scan('garbage', 'wedge', w.actor())).toMatchObject({ session_id: null, verdict: 'INVALID' });
  });
});

describe('sessions', () => {
  it('need a supervisor, a known product and a matching activation; one open per station', async () => {
    const w = await world();
    const otherRun = await w.activate(0, 999, OTHER_PRODUCT);
    w.lock();
    expect(await w.app.dispatch('verify.startSession', { line: 'L1', product_code: PRODUCT.product_code })).toMatchObject({
      ok: false,
      error: expect.objectContaining({ code: 'SUPERVISOR_REQUIRED' }),
    });
    w.unlock();
    expect(() => w.engine.startSession({ line: 'L1', product_code: '6900000000000' }, SUPERVISOR)).toThrow(
      expect.objectContaining({ code: 'PRODUCT_NOT_FOUND' }),
    );
    expect(() => w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code, activation_id: otherRun }, SUPERVISOR)).toThrow(
      expect.objectContaining({ code: 'VERIFY_ACTIVATION_OTHER_PRODUCT' }),
    );
    expect(() => w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code, activation_id: 999 }, SUPERVISOR)).toThrow(
      expect.objectContaining({ code: 'VERIFY_ACTIVATION_UNKNOWN' }),
    );
    const session = w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    expect(session).toMatchObject({
      station: 'line-1-pc',
      line: 'L1',
      product_title: PRODUCT.product_title,
      started_by: 'supervisor:test',
      ended_at: null,
      total: 0,
    });
    expect(refusal(() => w.engine.startSession({ line: 'L2', product_code: PRODUCT.product_code }, SUPERVISOR))).toMatchObject({
      code: 'VERIFY_SESSION_OPEN',
      details: { session_id: session.id },
    });
    w.lock();
    expect(await w.app.dispatch('verify.endSession', { session_id: session.id })).toMatchObject({
      ok: false,
      error: expect.objectContaining({ code: 'SUPERVISOR_REQUIRED' }),
    });
    w.unlock();
    w.engine.endSession(session.id, SUPERVISOR);
    expect(() => w.engine.endSession(session.id, SUPERVISOR)).toThrow(expect.objectContaining({ code: 'VERIFY_SESSION_ENDED' }));
    expect(w.engine.currentSession()).toBeNull();
    expect(w.events('verify.sessionChanged').map((s) => [s.id, s.ended_at === null])).toEqual([
      [session.id, true],
      [session.id, false],
    ]);
  });

  it('with a run named, a code of another run of the same product is WRONG_PRODUCT (wrong run)', async () => {
    const w = await world();
    const run = await w.activate(0, 999);
    await w.activate(1_000, 1_999);
    w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code, activation_id: run }, SUPERVISOR);
    expect(w.engine.scan(w.code(1).code, 'wedge', w.actor()).local_verdict).toBe('PASS');
    const other = w.engine.scan(w.code(1_001).code, 'wedge', w.actor());
    expect(other).toMatchObject({ local_verdict: 'WRONG_PRODUCT', reason: expect.objectContaining({ code: 'VERIFY_WRONG_RUN' }) });
  });

  it('survive a restart (with their block and unconfirmed scans); ending one stores its summary', async () => {
    const w = await world();
    await w.activate(0, 999);
    const session = w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    w.engine.scan(w.code(1).code, 'wedge', w.actor(), { confirm: false });
    w.engine.scan(w.code(2).code, 'wedge', w.actor(), { confirm: false });
    const failed = w.engine.scan(w.code(2).code, 'wedge', w.actor(), { confirm: false });
    expect(failed.local_verdict).toBe('DUPLICATE');

    await w.restartApp();
    expect(w.engine.currentSession()).toMatchObject({ id: session.id, total: 3, unacknowledged: 1, unconfirmed: 3 });
    expect(() => w.engine.scan(w.code(3).code, 'wedge', w.actor())).toThrow(expect.objectContaining({ code: 'VERIFY_ACK_REQUIRED' }));
    expect(w.engine.recentScans({ limit: 10 }).map((scan) => scan.id)).toEqual([failed.id, failed.id - 1, failed.id - 2]);
    // Scans left unconfirmed before the restart are confirmed by the loop afterwards.
    expect(await w.engine.confirmUnconfirmed()).toBe('progressed');
    expect(w.engine.currentSession()).toMatchObject({ unconfirmed: 0, counts: expect.objectContaining({ PASS: 2, DUPLICATE: 1 }) });
    w.engine.acknowledge({ scan_id: failed.id, via: 'button' }, w.actor());

    const ended = w.engine.endSession(session.id, SUPERVISOR);
    expect(ended).toMatchObject({
      total: 3,
      unacknowledged: 0,
      unconfirmed: 0,
      counts: expect.objectContaining({ PASS: 2, DUPLICATE: 1 }),
    });
    // Scans after the end are outside any session; the stored summary does not move.
    w.engine.scan(w.code(9).code, 'wedge', w.actor(), { confirm: false });
    await w.restartApp();
    expect(w.engine.currentSession()).toBeNull();
    const stored = w.app.ledger.prepare('SELECT summary_json FROM scan_sessions WHERE id = ?').get(session.id) as { summary_json: string };
    expect(JSON.parse(stored.summary_json)).toMatchObject({ total: 3, counts: expect.objectContaining({ PASS: 2 }) });
    expect(w.app.services.audit.list({ subject: 'station:line-1-pc' }).map((entry) => entry.action)).toEqual([
      'session.started',
      'session.ended',
    ]);
  });

  it('is reachable through dispatch with responses that match the contract', async () => {
    const w = await world();
    await w.activate(0, 999);
    expect(await w.app.dispatch('verify.currentSession', {})).toEqual({ ok: true, data: null });
    const started = await w.app.dispatch('verify.startSession', { line: ' L1 ', product_code: PRODUCT.product_code });
    expect(started).toMatchObject({ ok: true, data: { line: 'L1' } });
    const scanned = await w.app.dispatch('verify.scan', { input: w.code(3).code_url, source: 'wedge' });
    expect(scanned).toMatchObject({ ok: true, data: { verdict: 'PASS' } });
    const bad = await w.app.dispatch('verify.scan', { input: 'nope', source: 'wedge' });
    expect(bad).toMatchObject({ ok: true, data: { verdict: 'INVALID', needs_ack: true } });
    expect(await w.app.dispatch('verify.scan', { input: 'x', source: 'wedge' })).toMatchObject({
      ok: false,
      error: { code: 'VERIFY_ACK_REQUIRED' },
    });
    const id = (bad as { data: { id: number } }).data.id;
    expect(await w.app.dispatch('verify.acknowledge', { scan_id: id, via: 'button' })).toMatchObject({
      ok: true,
      data: { acknowledged_by: 'supervisor:test' },
    });
    expect(await w.app.dispatch('verify.recentScans', { limit: 5 })).toMatchObject({ ok: true, data: [{ id }, {}] });
    expect(await w.app.dispatch('verify.currentSession', {})).toMatchObject({ ok: true, data: { total: 2 } });
    const sessionId = (started as { data: { id: number } }).data.id;
    expect(await w.app.dispatch('verify.endSession', { session_id: sessionId })).toMatchObject({ ok: true, data: { total: 2 } });
    await Promise.all([w.engine.settled((scanned as { data: { id: number } }).data.id)]);
  });
});
