import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '@main/audit';
import { runCli } from '@main/cli';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import { openTrainingLedger } from '@main/modes';
import { createEnvironmentGate, createSupervisorService, hashPinSync } from '@main/supervisors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-cli-supervisor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--data-dir', dir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

/** Supervisor entries are the station's (the Live ledger); an application's are in the Training ledger (docs/modes.md). */
function auditActors(action: string, open: (dataDir: string) => SqliteDatabase = openLedger): string[] {
  const db = open(dir);
  try {
    return createAuditLog(db)
      .list({ action })
      .map((entry) => entry.actor);
  } finally {
    db.close();
  }
}

describe('the CLI gate (MARKETCODE_SUPERVISOR + MARKETCODE_PIN)', () => {
  it('acts as "cli" until the ledger has a supervisor, then needs one named in the environment', async () => {
    const first = await run(['apply', '--count', '10000', '--isv', 'before-setup', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ created_by: 'cli' });

    const setUp = await run(['supervisor', 'setup', '王工'], { MARKETCODE_NEW_PIN: '246802' });
    expect(setUp.code).toBe(0);
    expect(setUp.stdout).toContain('Supervisor "王工" is set up.');

    const locked = await run(['apply', '--count', '10000', '--isv', 'no-env']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('Unlock as a supervisor to apply for codes.');
    expect(locked.stderr).toContain('MARKETCODE_SUPERVISOR');

    const lockedZh = await run(['export', '1', '--start', '0', '--end', '9', '--out', join(dir, 'x.csv')], { LANG: 'zh_CN.UTF-8' });
    expect(lockedZh.code).toBe(1);
    expect(lockedZh.stderr).toContain('需要主管解锁才能导出打印文件。');

    const wrong = await run(['apply', '--count', '10000', '--isv', 'wrong-pin'], {
      MARKETCODE_SUPERVISOR: '王工',
      MARKETCODE_PIN: '135702',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Wrong PIN for "王工".');
    expect(wrong.stderr).toContain('4 tries left');

    const right = await run(['apply', '--count', '10000', '--isv', 'with-env', '--json'], {
      MARKETCODE_SUPERVISOR: '王工',
      MARKETCODE_PIN: '246802',
    });
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ isv_application_id: 'with-env', created_by: 'supervisor:王工' });

    expect(auditActors('application.requested', openTrainingLedger)).toEqual(['cli', 'supervisor:王工']);
    expect(auditActors('supervisor.unlock_failed')).toEqual(['cli']);
    expect(auditActors('supervisor.created')).toEqual(['cli']);
    // No unlock session in the CLI: nothing was "unlocked".
    expect(auditActors('supervisor.unlocked')).toEqual([]);
  });

  it('counts wrong PINs across runs towards the lockout', async () => {
    await run(['supervisor', 'setup', '王工'], { MARKETCODE_NEW_PIN: '246802' });
    const env = { MARKETCODE_SUPERVISOR: '王工', MARKETCODE_PIN: '000000' };
    for (let attempt = 1; attempt < 5; attempt++) {
      expect((await run(['apply', '--count', '10000'], env)).stderr).toContain('Wrong PIN');
    }
    expect((await run(['apply', '--count', '10000'], env)).stderr).toContain('Too many wrong PINs for "王工": try again in 60 seconds.');
    const rightButPaused = await run(['apply', '--count', '10000'], { ...env, MARKETCODE_PIN: '246802' });
    expect(rightButPaused.code).toBe(1);
    expect(rightButPaused.stderr).toMatch(/Too many wrong PINs for "王工": try again in (59|60) seconds\./);
  });

  it('supervisor setup, add, list and disable read PINs from the environment only', async () => {
    const missing = await run(['supervisor', 'setup', '王工']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('MARKETCODE_NEW_PIN');
    const inArgs = await run(['supervisor', 'setup', '王工', '--pin', '246802']);
    expect(inArgs.code).toBe(2);

    expect((await run(['supervisor', 'list', '--json'])).stdout).toBe('{"setupNeeded":true,"supervisors":[]}\n');
    expect((await run(['supervisor', 'setup', '王工'], { MARKETCODE_PIN: '246802' })).code).toBe(0);
    const twice = await run(['supervisor', 'setup', '李工'], { MARKETCODE_NEW_PIN: '135702' });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('A supervisor is already set up.');

    const noActor = await run(['supervisor', 'add', '李工'], { MARKETCODE_NEW_PIN: '135702' });
    expect(noActor.code).toBe(1);
    expect(noActor.stderr).toContain('Unlock as a supervisor to add a supervisor.');
    const added = await run(['supervisor', 'add', '李工'], {
      MARKETCODE_SUPERVISOR: '王工',
      MARKETCODE_PIN: '246802',
      MARKETCODE_NEW_PIN: '135702',
    });
    expect(added.code).toBe(0);
    expect(auditActors('supervisor.added')).toEqual(['supervisor:王工']);

    const disabled = await run(['supervisor', 'disable', '李工'], { MARKETCODE_SUPERVISOR: '王工', MARKETCODE_PIN: '246802' });
    expect(disabled.code).toBe(0);
    const list = await run(['supervisor', 'list'], { LANG: 'zh_CN.UTF-8' });
    expect(list.stdout).toBe('王工\t在用\n李工\t已停用\n');
  });

  it('the gate verifies once per run and reports who acts', async () => {
    const db = openLedger(':memory:');
    const service = createSupervisorService({ db, audit: createAuditLog(db), unlockMinutes: () => 10 });
    try {
      const gate = createEnvironmentGate(service, { MARKETCODE_SUPERVISOR: ' 王工 ', MARKETCODE_PIN: '246802' });
      expect(gate.requireSupervisor('batches.apply')).toBe('cli');
      expect(gate.currentActor()).toBe('cli');
      await service.setup('王工', '246802', gate.currentActor());
      // Set up through the CLI's gate: no unlock session.
      expect(service.status().unlocked).toBeNull();
      expect(gate.currentActor()).toBe('cli');
      expect(gate.requireSupervisor('batches.apply')).toBe('supervisor:王工');
      expect(gate.currentActor()).toBe('supervisor:王工');
      db.prepare('UPDATE supervisors SET pin_hash = ?').run(
        'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      );
      // Verified once per run: later checks do not hash again.
      expect(gate.requireSupervisor('batches.export')).toBe('supervisor:王工');
    } finally {
      service.close();
      db.close();
    }
  });

  it('a PIN set before the 6-digit rule proves who it is, but only `supervisor change-pin` runs until it is changed', async () => {
    await run(['supervisor', 'setup', '王工'], { MARKETCODE_NEW_PIN: '246802' });
    // As a ledger from before the rule holds it: a 4-digit PIN's hash.
    const db = openLedger(dir);
    db.prepare('UPDATE supervisors SET pin_hash = ?').run(hashPinSync('2468', { N: 1024, r: 8, p: 1 }));
    db.close();
    const old = { MARKETCODE_SUPERVISOR: '王工', MARKETCODE_PIN: '2468' };

    const refused = await run(['apply', '--count', '10000', '--isv', 'short-pin'], old);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Supervisor "王工" must change their PIN to at least 6 digits before they can apply for codes.');
    expect(refused.stderr).toContain('marketcode supervisor change-pin "王工"');
    const refusedZh = await run(['apply', '--count', '10000', '--isv', 'short-pin'], { ...old, LANG: 'zh_CN.UTF-8' });
    expect(refusedZh.stderr).toContain('主管“王工”须先把 PIN 码改为至少 6 位，才能申请码。');
    expect(auditActors('application.requested', openTrainingLedger)).toEqual([]);

    const tooShortAgain = await run(['supervisor', 'change-pin', '王工'], { ...old, MARKETCODE_NEW_PIN: '13579' });
    expect(tooShortAgain.code).toBe(1);
    expect(tooShortAgain.stderr).toContain('a PIN has at least 6 digits');

    const changed = await run(['supervisor', 'change-pin', '王工'], { ...old, MARKETCODE_NEW_PIN: '135790' });
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('The PIN of supervisor "王工" is changed.');
    const applied = await run(['apply', '--count', '10000', '--isv', 'long-pin', '--json'], { ...old, MARKETCODE_PIN: '135790' });
    expect(applied.code).toBe(0);
    expect(auditActors('application.requested', openTrainingLedger)).toEqual(['supervisor:王工']);
  });
});
