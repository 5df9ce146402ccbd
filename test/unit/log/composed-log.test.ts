import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '@main/compose';
import { AppError } from '@shared/errors';

let app: ComposedApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = undefined;
  dir = undefined;
});

describe('the Log through the composed app', () => {
  it('answers log.scans, log.audit and log.shiftReport on a locked station (no supervisor asked)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mc-log-app-'));
    const asked: string[] = [];
    app = await composeApp({
      dataDir: dir,
      clientOptions: { sleep: async () => undefined },
      gate: () => ({
        requireSupervisor(action) {
          asked.push(action);
          throw new AppError('SUPERVISOR_REQUIRED', { 'zh-CN': { message: '需要主管。' }, en: { message: 'Supervisor required.' } });
        },
        currentActor: () => 'operator',
      }),
    });
    app.services.audit.append({ actor: 'system', action: 'segment.imported', subject: 'application:7', details: { codes: 10_000 } });
    app.ledger
      .prepare(
        `INSERT INTO scans (station, source, input, normalized, kind, local_verdict, verdict, remote, scanned_at)
         VALUES ('LINE-PC-1', 'wedge', 'x', 'X', 'invalid', 'INVALID', 'INVALID', 'skipped', ?)`,
      )
      .run(new Date().toISOString());

    const scans = await app.dispatch('log.scans', { verdicts: ['INVALID'] }, { transport: 'http' });
    expect(scans).toMatchObject({ ok: true, data: { scans: [{ verdict: 'INVALID', normalized: 'X' }], next_before_id: null } });
    const audit = await app.dispatch('log.audit', { application_id: 7 }, { transport: 'http' });
    expect(audit).toMatchObject({ ok: true, data: { entries: [{ action: 'segment.imported', details: { codes: 10_000 } }] } });
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const report = await app.dispatch('log.shiftReport', { from, to, locale: 'zh-CN' }, { transport: 'http' });
    expect(report).toMatchObject({ ok: true, data: { scans: 1, csv: expect.stringMatching(/^\uFEFF班次报告\r\n/) } });
    expect(asked).toEqual([]);
  });
});
