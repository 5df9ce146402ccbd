import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisorService, hashPin, hashPinSync, LOCKOUT_SECONDS, MAX_FAILED_UNLOCKS, verifyPin } from '@main/supervisors';
import { caught, supervisorFixture, T0, type SupervisorFixture } from './helpers';

const fixtures: SupervisorFixture[] = [];
afterEach(() => {
  while (fixtures.length > 0) fixtures.pop()!.dispose();
});
function fixture(...args: Parameters<typeof supervisorFixture>) {
  const created = supervisorFixture(...args);
  fixtures.push(created);
  return created;
}

const SCRYPT_FORMAT = /^scrypt\$32768\$8\$1\$([A-Za-z0-9+/]{22}==)\$([A-Za-z0-9+/]{43}=)$/;
const pinHashOf = (f: SupervisorFixture, name: string) =>
  (f.db.prepare('SELECT pin_hash FROM supervisors WHERE name = ?').get(name) as { pin_hash: string }).pin_hash;
const actions = (f: SupervisorFixture) => f.audit.list().map((entry) => [entry.actor, entry.action, entry.subject]);

describe('first-run setup', () => {
  it('is needed on a fresh ledger, happens once, and unlocks the new supervisor', async () => {
    const f = fixture();
    expect(f.service.status()).toEqual({ setupNeeded: true, unlocked: null, supervisors: [] });
    expect(f.service.hasSupervisors()).toBe(false);

    const status = await f.station.setup('  王工 ', '246802');
    expect(status).toEqual({
      setupNeeded: false,
      unlocked: { name: '王工', until: new Date(T0 + 10 * 60_000).toISOString(), pinChangeRequired: false },
      supervisors: [{ name: '王工', disabled: false }],
    });
    expect(f.changes.at(-1)).toEqual(status);
    expect(actions(f)).toEqual([
      ['operator', 'supervisor.created', 'supervisor:王工'],
      ['supervisor:王工', 'supervisor.unlocked', 'supervisor:王工'],
    ]);

    const again = await caught(() => f.station.setup('李工', '135702'));
    expect(again.code).toBe('SUPERVISOR_ALREADY_SET_UP');
    expect(f.service.status().supervisors).toEqual([{ name: '王工', disabled: false }]);
  });

  it('refuses a new PIN that is not 6–8 digits, and an empty name, in both languages', async () => {
    const f = fixture();
    for (const [pin, problem] of [
      ['', 'required'],
      ['12a456', 'notDigits'],
      ['123', 'tooShort'],
      ['1234', 'tooShort'],
      ['12345', 'tooShort'],
      ['123456789', 'tooLong'],
      ['１２３４５６', 'notDigits'],
    ] as const) {
      const error = await caught(() => f.station.setup('王工', pin));
      expect(error.code).toBe('SUPERVISOR_PIN_INVALID');
      expect(error.details).toMatchObject({ problem });
      expect(error.localized.en.hint).toBe('A new PIN is 6–8 digits.');
      expect(error.localized['zh-CN'].hint).toBe('新 PIN 码为 6–8 位数字。');
    }
    const short = await caught(() => f.station.setup('王工', '12345'));
    expect(short.localized.en.message).toBe('Invalid PIN: a PIN has at least 6 digits.');
    expect(short.localized['zh-CN'].message).toBe('PIN 码无效：PIN 码至少 6 位。');
    expect((await caught(() => f.station.setup('   ', '246802'))).code).toBe('SUPERVISOR_NAME_INVALID');
    expect(f.service.status().setupNeeded).toBe(true);
  });
});

describe('PIN hashes', () => {
  it('are scrypt strings with a random 16-byte salt each, never the PIN', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    await f.station.add('李工', '246802');
    const first = pinHashOf(f, '王工');
    const second = pinHashOf(f, '李工');
    expect(first).toMatch(SCRYPT_FORMAT);
    expect(second).toMatch(SCRYPT_FORMAT);
    const [, saltA, hashA] = SCRYPT_FORMAT.exec(first)!;
    const [, saltB, hashB] = SCRYPT_FORMAT.exec(second)!;
    expect(Buffer.from(saltA!, 'base64')).toHaveLength(16);
    expect(saltA).not.toBe(saltB);
    expect(hashA).not.toBe(hashB);
    expect(first).not.toContain('246802');

    const hashes = await Promise.all([hashPin('246802'), hashPin('246802'), hashPin('246802')]);
    expect(new Set(hashes).size).toBe(3);
    expect(await verifyPin(hashes[0]!, '246802')).toBe(true);
    expect(await verifyPin(hashes[0]!, '246803')).toBe(false);
    expect(await verifyPin(hashes[0]!, '2468020')).toBe(false);
  });

  it('verifies a stored hash with the parameters it records (so the cost can change later)', async () => {
    const cheap = await hashPin('135702', { N: 1024, r: 8, p: 1 });
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPin(cheap, '135702')).toBe(true);
    await expect(verifyPin('scrypt$3$8$1$AAAA$AAAA', '135702')).rejects.toThrow(/scrypt/);
    await expect(verifyPin('bcrypt$whatever', '135702')).rejects.toThrow(/scrypt/);
  });
});

describe('unlocking', () => {
  it('a wrong PIN is refused in words, counted, and audited without the PIN', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    f.service.lock();
    const error = await caught(() => f.service.unlock('王工', '111111'));
    expect(error.code).toBe('SUPERVISOR_WRONG_PIN');
    expect(error.details).toEqual({ name: '王工', attempts_left: 4 });
    expect(error.localized.en).toEqual({ message: 'Wrong PIN for "王工".', hint: '4 tries left, then unlocking pauses for 60 seconds.' });
    expect(error.localized['zh-CN']).toEqual({ message: '“王工”的 PIN 码不正确。', hint: '还可再试 4 次，之后将暂停解锁 60 秒。' });
    expect(f.service.status().unlocked).toBeNull();
    const failed = f.audit.list({ action: 'supervisor.unlock_failed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actor: 'operator', subject: 'supervisor:王工', details: { failed_attempts: 1, via: 'unlock' } });

    // A right PIN resets the count.
    await f.service.unlock('王工', '246802');
    expect(f.db.prepare('SELECT failed_unlocks FROM supervisors').get()).toEqual({ failed_unlocks: 0 });
  });

  it(`pauses unlocking a name for ${LOCKOUT_SECONDS} s after ${MAX_FAILED_UNLOCKS} wrong PINs, and only that name`, async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    await f.station.add('李工', '135702');
    f.service.lock();
    for (let attempt = 1; attempt < MAX_FAILED_UNLOCKS; attempt++) {
      expect(await caught(() => f.service.unlock('王工', '000000'))).toMatchObject({
        code: 'SUPERVISOR_WRONG_PIN',
        details: { attempts_left: MAX_FAILED_UNLOCKS - attempt },
      });
    }
    const fifth = await caught(() => f.service.unlock('王工', '000000'));
    expect(fifth.code).toBe('SUPERVISOR_LOCKED_OUT');
    expect(fifth.localized.en.message).toBe('Too many wrong PINs for "王工": try again in 60 seconds.');
    expect(fifth.localized['zh-CN'].message).toBe('“王工”的 PIN 码错误次数过多，请 60 秒后再试。');
    expect(f.audit.list({ action: 'supervisor.unlock_failed' }).at(-1)?.details).toEqual({
      failed_attempts: 5,
      via: 'unlock',
      locked_out_seconds: 60,
    });

    // Even the right PIN is refused during the pause, without being checked or counted.
    f.clock.advance(59_200);
    const during = await caught(() => f.service.unlock('王工', '246802'));
    expect(during.code).toBe('SUPERVISOR_LOCKED_OUT');
    expect(during.localized.en.message).toBe('Too many wrong PINs for "王工": try again in 1 second.');
    expect(f.audit.list({ action: 'supervisor.unlock_failed' })).toHaveLength(5);

    // Another supervisor is not affected.
    expect((await f.service.unlock('李工', '135702')).unlocked?.name).toBe('李工');

    f.clock.advance(800);
    expect((await f.service.unlock('王工', '246802')).unlocked?.name).toBe('王工');
    // After the pause, a fresh count of five.
    f.service.lock();
    expect(await caught(() => f.service.unlock('王工', '000000'))).toMatchObject({ details: { attempts_left: 4 } });
  });

  it('each further lockout lasts longer (1, 5, 15, 60 minutes), kept across a restart, until a right PIN', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    f.service.lock();
    const wrongTimes = async (service: typeof f.service, times: number) => {
      let last;
      for (let attempt = 0; attempt < times; attempt++) last = await caught(() => service.unlock('王工', '000000'));
      return last!;
    };
    const first = await wrongTimes(f.service, MAX_FAILED_UNLOCKS);
    expect(first.details).toEqual({ name: '王工', seconds_left: 60 });
    f.clock.advance(60_000);

    const hint = await caught(() => f.service.unlock('王工', '000000'));
    expect(hint.localized.en.hint).toBe('4 tries left, then unlocking pauses for 5 minutes.');
    expect(hint.localized['zh-CN'].hint).toBe('还可再试 4 次，之后将暂停解锁 5 分钟。');
    const second = await wrongTimes(f.service, MAX_FAILED_UNLOCKS - 1);
    expect(second.details).toEqual({ name: '王工', seconds_left: 5 * 60 });
    expect(second.localized.en.message).toBe('Too many wrong PINs for "王工": try again in 5 minutes.');
    f.clock.advance(5 * 60_000);

    // A restart: a new service on the same ledger file remembers how far the lockouts have grown.
    f.service.close();
    const restarted = createSupervisorService({
      db: f.db,
      audit: f.audit,
      now: f.clock.now,
      unlockMinutes: () => 10,
      timers: f.timers.timers,
    });
    try {
      expect((await wrongTimes(restarted, MAX_FAILED_UNLOCKS)).details).toEqual({ name: '王工', seconds_left: 15 * 60 });
      f.clock.advance(15 * 60_000);
      expect((await wrongTimes(restarted, MAX_FAILED_UNLOCKS)).details).toEqual({ name: '王工', seconds_left: 60 * 60 });
      f.clock.advance(60 * 60_000);
      expect((await wrongTimes(restarted, MAX_FAILED_UNLOCKS)).details).toEqual({ name: '王工', seconds_left: 60 * 60 });
      expect(f.audit.list({ action: 'supervisor.unlock_failed' }).at(-1)?.details).toMatchObject({ locked_out_seconds: 3600 });
      f.clock.advance(60 * 60_000);

      // A right PIN resets the growth: the next lockout is one minute again.
      await restarted.unlock('王工', '246802');
      restarted.lock();
      expect((await wrongTimes(restarted, MAX_FAILED_UNLOCKS)).details).toEqual({ name: '王工', seconds_left: 60 });
    } finally {
      restarted.close();
    }
  });

  it('a PIN shorter than 6 digits (set before the rule) unlocks, but every supervisor action waits for a new PIN', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    await f.station.add('李工', '135702');
    f.service.lock();
    f.db.prepare("UPDATE supervisors SET pin_hash = ? WHERE name = '王工'").run(hashPinSync('2468', { N: 1024, r: 8, p: 1 }));

    const status = await f.service.unlock('王工', '2468');
    expect(status.unlocked).toMatchObject({ name: '王工', pinChangeRequired: true });
    expect(f.changes.at(-1)?.unlocked?.pinChangeRequired).toBe(true);
    expect(f.audit.list({ action: 'supervisor.unlocked' }).at(-1)?.details).toMatchObject({ change_required: 'pin_too_short' });

    const refused = await caught(() => f.service.gate.requireSupervisor('batches.apply'));
    expect(refused.code).toBe('SUPERVISOR_PIN_CHANGE_REQUIRED');
    expect(refused.details).toEqual({ name: '王工', action: 'batches.apply' });
    expect(refused.localized.en.message).toBe(
      'Supervisor "王工" must change their PIN to at least 6 digits before they can apply for codes.',
    );
    expect(refused.localized['zh-CN'].message).toBe('主管“王工”须先把 PIN 码改为至少 6 位，才能申请码。');
    expect(refused.localized.en.hint).toContain('form shown now');
    expect((await caught(() => f.station.add('张工', '777777'))).code).toBe('SUPERVISOR_PIN_CHANGE_REQUIRED');
    // Other things an unlocked supervisor is recorded doing still name them.
    expect(f.service.gate.currentActor()).toBe('supervisor:王工');

    // The new PIN itself must follow the rule.
    expect((await caught(() => f.station.changePin('王工', '2468', '13579'))).code).toBe('SUPERVISOR_PIN_INVALID');
    const changed = await f.station.changePin('王工', '2468', '864202');
    expect(changed.unlocked).toMatchObject({ name: '王工', pinChangeRequired: false });
    expect(f.changes.at(-1)?.unlocked?.pinChangeRequired).toBe(false);
    expect(f.service.gate.requireSupervisor('batches.apply')).toBe('supervisor:王工');
    expect(f.audit.list({ action: 'supervisor.pin_changed' }).at(-1)).toMatchObject({
      actor: 'supervisor:王工',
      subject: 'supervisor:王工',
    });
  });

  it('lasts the configured minutes, ends by itself on time, and says so', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    f.service.lock();
    f.minutes.value = 3;
    const unlocked = await f.service.unlock('王工', '246802');
    const until = T0 + 3 * 60_000;
    expect(unlocked.unlocked).toEqual({ name: '王工', until: new Date(until).toISOString(), pinChangeRequired: false });
    expect(f.timers.pending().map((timer) => timer.ms)).toEqual([3 * 60_000]);

    f.clock.advance(3 * 60_000 - 1);
    expect(f.service.gate.requireSupervisor('batches.apply')).toBe('supervisor:王工');
    // Asking the gate extends nothing.
    expect(f.service.status().unlocked?.until).toBe(new Date(until).toISOString());

    f.clock.advance(1);
    const before = f.changes.length;
    f.timers.fireAll();
    expect(f.changes.length).toBe(before + 1);
    expect(f.changes.at(-1)?.unlocked).toBeNull();
    expect(f.service.gate.currentActor()).toBe('operator');
    expect(f.audit.list({ action: 'supervisor.locked' }).at(-1)).toMatchObject({
      actor: 'supervisor:王工',
      details: { reason: 'expired' },
    });
  });

  it('ends an unlock whose time is up even before the timer fires', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    f.clock.advance(10 * 60_000);
    expect(f.service.status().unlocked).toBeNull();
    expect(f.changes.at(-1)?.unlocked).toBeNull();
    expect(f.audit.list({ action: 'supervisor.locked' })).toHaveLength(1);
    f.timers.fireAll();
    expect(f.audit.list({ action: 'supervisor.locked' })).toHaveLength(1);
  });

  it('falls back to 10 minutes when the setting is out of range', async () => {
    const f = fixture();
    f.minutes.value = 999;
    const status = await f.station.setup('王工', '246802');
    expect(status.unlocked?.until).toBe(new Date(T0 + 10 * 60_000).toISOString());
  });

  it('refuses unknown and disabled supervisors', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    await f.station.add('李工', '135702');
    expect((await caught(() => f.service.unlock('张工', '246802'))).code).toBe('SUPERVISOR_NOT_FOUND');
    f.station.disable('李工');
    expect((await caught(() => f.service.unlock('李工', '135702'))).code).toBe('SUPERVISOR_DISABLED');
  });
});

describe('the gate', () => {
  it('refuses supervisor-only actions until set up, then until unlocked, naming the action in words', async () => {
    const f = fixture();
    const gate = f.service.gate;
    expect(gate.currentActor()).toBe('operator');
    const fresh = await caught(() => gate.requireSupervisor('batches.apply'));
    expect(fresh.code).toBe('SUPERVISOR_SETUP_NEEDED');
    expect(fresh.localized['zh-CN'].hint).toBe('请先设置第一位主管的姓名和 PIN 码。');

    await f.station.setup('王工', '246802');
    expect(gate.requireSupervisor('batches.apply')).toBe('supervisor:王工');
    expect(gate.currentActor()).toBe('supervisor:王工');
    f.service.lock();
    expect(gate.currentActor()).toBe('operator');

    const words: [string, string, string][] = [
      ['batches.apply', 'Unlock as a supervisor to apply for codes.', '需要主管解锁才能申请码。'],
      ['batches.export', 'Unlock as a supervisor to export codes for printing.', '需要主管解锁才能导出打印文件。'],
      ['batches.retry', 'Unlock as a supervisor to retry downloading and importing codes.', '需要主管解锁才能重试下载和导入。'],
      ['products.update', 'Unlock as a supervisor to edit products.', '需要主管解锁才能编辑产品。'],
      ['products.import', 'Unlock as a supervisor to edit products.', '需要主管解锁才能编辑产品。'],
      ['activation.create', 'Unlock as a supervisor to activate codes.', '需要主管解锁才能激活码段。'],
      ['something.else', 'Unlock as a supervisor to do this.', '需要主管解锁才能执行此操作。'],
    ];
    for (const [action, en, zh] of words) {
      const error = await caught(() => gate.requireSupervisor(action));
      expect(error.code).toBe('SUPERVISOR_REQUIRED');
      expect(error.details).toEqual({ action });
      expect(error.localized.en.message).toBe(en);
      expect(error.localized['zh-CN'].message).toBe(zh);
    }
  });

  it('stops counting an unlock whose supervisor was disabled elsewhere', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    await f.station.add('李工', '135702');
    await f.service.unlock('李工', '135702');
    f.db.prepare("UPDATE supervisors SET disabled_at = 'x' WHERE name = '李工'").run();
    expect((await caught(() => f.service.gate.requireSupervisor('batches.apply'))).code).toBe('SUPERVISOR_REQUIRED');
    expect(f.audit.list({ action: 'supervisor.locked' }).at(-1)?.details).toEqual({ reason: 'disabled' });
  });
});

describe('managing supervisors', () => {
  it('add, disable and PIN changes need an unlocked supervisor, who is named in the audit log', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    f.service.lock();
    expect((await caught(() => f.station.add('李工', '135702'))).code).toBe('SUPERVISOR_REQUIRED');
    expect((await caught(() => f.station.disable('王工'))).code).toBe('SUPERVISOR_REQUIRED');
    expect((await caught(() => f.station.changePin('王工', '246802', '864202'))).code).toBe('SUPERVISOR_REQUIRED');

    await f.service.unlock('王工', '246802');
    await f.station.add('李工', '135702');
    expect((await caught(() => f.station.add('李工', '999999'))).code).toBe('SUPERVISOR_EXISTS');
    await f.station.changePin('李工', '135702', '975312');
    f.station.disable('李工');
    expect(f.service.status().supervisors).toEqual([
      { name: '王工', disabled: false },
      { name: '李工', disabled: true },
    ]);
    // The last active supervisor stays.
    const last = await caught(() => f.station.disable('王工'));
    expect(last.code).toBe('SUPERVISOR_LAST_ACTIVE');

    expect(actions(f).slice(-5)).toEqual([
      ['supervisor:王工', 'supervisor.locked', 'supervisor:王工'],
      ['supervisor:王工', 'supervisor.unlocked', 'supervisor:王工'],
      ['supervisor:王工', 'supervisor.added', 'supervisor:李工'],
      ['supervisor:王工', 'supervisor.pin_changed', 'supervisor:李工'],
      ['supervisor:王工', 'supervisor.disabled', 'supervisor:李工'],
    ]);
  });

  it('a PIN change needs the old PIN (a wrong one counts) and the new PIN works from then on', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    const wrong = await caught(() => f.station.changePin('王工', '111111', '864202'));
    expect(wrong).toMatchObject({ code: 'SUPERVISOR_WRONG_PIN', details: { attempts_left: 4 } });
    expect(f.audit.list({ action: 'supervisor.unlock_failed' })[0]).toMatchObject({
      actor: 'supervisor:王工',
      details: { via: 'pin_change' },
    });
    await f.station.changePin('王工', '246802', '864202');
    f.service.lock();
    expect((await caught(() => f.service.unlock('王工', '246802'))).code).toBe('SUPERVISOR_WRONG_PIN');
    expect((await f.service.unlock('王工', '864202')).unlocked?.name).toBe('王工');
  });

  it('disabling the unlocked supervisor locks the station', async () => {
    const f = fixture();
    await f.station.setup('王工', '246802');
    await f.station.add('李工', '135702');
    await f.service.unlock('李工', '135702');
    f.station.disable('李工');
    expect(f.service.status().unlocked).toBeNull();
    expect(f.audit.list({ action: 'supervisor.locked' }).at(-1)?.details).toEqual({ reason: 'disabled' });
  });
});

describe('secrecy', () => {
  it('never writes a PIN to the audit log, the log file or the ledger', async () => {
    const pins = ['84736251', '59173820', '31415926'];
    const f = fixture();
    await f.station.setup('王工', pins[0]!);
    await f.station.add('李工', pins[1]!);
    f.service.lock();
    await caught(() => f.service.unlock('王工', pins[2]!));
    await f.service.unlock('王工', pins[0]!);
    await f.station.changePin('李工', pins[1]!, pins[2]!);
    f.service.lock();
    f.db.pragma('wal_checkpoint(TRUNCATE)');

    const auditText = JSON.stringify(f.audit.list().map(({ actor, action, subject, details }) => ({ actor, action, subject, details })));
    const logText = readdirSync(join(f.dir, 'logs'))
      .map((file) => readFileSync(join(f.dir, 'logs', file), 'utf8'))
      .join('\n');
    expect(logText).toContain('supervisor unlocked');
    const ledgerBytes = readFileSync(join(f.dir, 'ledger.sqlite')).toString('latin1');
    for (const pin of pins) {
      expect(auditText).not.toContain(pin);
      expect(logText).not.toContain(pin);
      expect(ledgerBytes).not.toContain(pin);
    }
    expect(f.audit.verify()).toMatchObject({ ok: true });
  });
});
