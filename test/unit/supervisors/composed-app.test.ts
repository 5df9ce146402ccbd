import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '@main/compose';
import type { ApplicationSummary } from '@shared/batches-contract';
import type { SupervisorStatus } from '@shared/supervisors-contract';

let app: ComposedApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = undefined;
  dir = undefined;
});

async function compose() {
  dir = mkdtempSync(join(tmpdir(), 'mc-supervisor-app-'));
  app = await composeApp({ dataDir: dir, clientOptions: { sleep: async () => undefined } });
  const changes: SupervisorStatus[] = [];
  app.events.subscribeAll((event, payload) => {
    if (event === 'supervisor.changed') changes.push(payload as SupervisorStatus);
  });
  return { app, changes };
}

describe('supervisors through the composed app', () => {
  it('refuses applying before setup, names the unlocked supervisor after, and refuses again once locked', async () => {
    const { app, changes } = await compose();
    expect(await app.dispatch('supervisor.status', {})).toEqual({ ok: true, data: { setupNeeded: true, unlocked: null, supervisors: [] } });

    const early = await app.dispatch('batches.apply', { code_count: 10_000 }, { transport: 'http' });
    expect(early).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_SETUP_NEEDED' } });
    expect(app.services.batches.list()).toEqual([]);

    const setUp = await app.dispatch('supervisor.setup', { name: '王工', pin: '246802' }, { transport: 'http' });
    expect(setUp).toMatchObject({ ok: true, data: { setupNeeded: false, unlocked: { name: '王工' } } });
    expect(changes.at(-1)?.unlocked?.name).toBe('王工');

    const applied = await app.dispatch('batches.apply', { code_count: 10_000 }, { transport: 'http' });
    expect(applied.ok).toBe(true);
    const summary = (applied as { data: ApplicationSummary }).data;
    expect(summary.created_by).toBe('supervisor:王工');
    expect(app.services.audit.list({ action: 'application.requested' })[0]?.actor).toBe('supervisor:王工');

    expect(await app.dispatch('supervisor.lock', {})).toMatchObject({ ok: true, data: { unlocked: null } });
    expect(changes.at(-1)?.unlocked).toBeNull();
    const locked = await app.dispatch('batches.apply', { code_count: 10_000 }, { transport: 'http' });
    expect(locked).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_REQUIRED', localized: { en: { message: 'Unlock as a supervisor to apply for codes.' } } },
    });
    const retry = await app.dispatch('batches.retry', { isv_application_id: summary.isv_application_id });
    expect(retry).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    const exported = await app.dispatch('batches.export', {
      application_id: 1,
      code_start: 0,
      code_end: 9,
      format: 'csv',
      columns: ['code'],
      header: false,
      line_ending: 'lf',
    });
    expect(exported).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED', details: { action: 'batches.export' } } });
    expect(app.services.batches.list()).toHaveLength(1);
  });

  it('a wrong PIN at the boundary says so; the PIN rule is checked before anything else', async () => {
    const { app } = await compose();
    await app.dispatch('supervisor.setup', { name: '王工', pin: '246802' });
    await app.dispatch('supervisor.lock', {});
    expect(await app.dispatch('supervisor.unlock', { name: '王工', pin: '135702' })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_WRONG_PIN', details: { attempts_left: 4 } },
    });
    const badShape = await app.dispatch('supervisor.unlock', { name: '王工', pin: '12' });
    expect(badShape).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'pin' } } });
    expect(JSON.stringify(badShape)).not.toContain('"12"');
  });

  it('the unlock length is a setting that only a supervisor may change', async () => {
    const { app } = await compose();
    expect(app.services.settings.getAll().supervisorUnlockMinutes).toBeUndefined();
    await app.dispatch('supervisor.setup', { name: '王工', pin: '246802' });
    await app.dispatch('supervisor.lock', {});
    expect(await app.dispatch('settings.set', { key: 'supervisorUnlockMinutes', value: 30 })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_REQUIRED' },
    });
    await app.dispatch('supervisor.unlock', { name: '王工', pin: '246802' });
    expect(await app.dispatch('settings.set', { key: 'supervisorUnlockMinutes', value: 241 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await app.dispatch('settings.set', { key: 'supervisorUnlockMinutes', value: 30 })).toMatchObject({
      ok: true,
      data: { supervisorUnlockMinutes: 30 },
    });
    const before = Date.now();
    const unlocked = await app.dispatch('supervisor.unlock', { name: '王工', pin: '246802' });
    const until = Date.parse((unlocked as { data: SupervisorStatus }).data.unlocked!.until);
    expect(until - before).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(until - before).toBeLessThanOrEqual(30 * 60_000 + 5000);
    // The language stays an operator's choice.
    await app.dispatch('supervisor.lock', {});
    expect(await app.dispatch('settings.set', { key: 'locale', value: 'en' })).toMatchObject({ ok: true });
  });

  it('adding a supervisor while locked is refused, and allowed once unlocked', async () => {
    const { app } = await compose();
    await app.dispatch('supervisor.setup', { name: '王工', pin: '246802' });
    await app.dispatch('supervisor.lock', {});
    expect(await app.dispatch('supervisor.add', { name: '李工', pin: '135702' })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_REQUIRED', localized: { 'zh-CN': { message: '需要主管解锁才能添加主管。' } } },
    });
    await app.dispatch('supervisor.unlock', { name: '王工', pin: '246802' });
    expect(await app.dispatch('supervisor.add', { name: '李工', pin: '135702' })).toMatchObject({
      ok: true,
      data: { supervisors: [{ name: '王工' }, { name: '李工' }] },
    });
    expect(await app.dispatch('supervisor.changePin', { name: '李工', oldPin: '135702', newPin: '753102' })).toMatchObject({ ok: true });
    expect(await app.dispatch('supervisor.disable', { name: '李工' })).toMatchObject({
      ok: true,
      data: {
        supervisors: [
          { name: '王工', disabled: false },
          { name: '李工', disabled: true },
        ],
      },
    });
  });
});
