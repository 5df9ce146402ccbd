import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeApp } from '@main/compose';
import type { Settings } from '@shared/contract';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings through the composed app', () => {
  it('defaults, persists across restarts, and pushes a change event', async () => {
    const first = await composeApp({ dataDir: dir, systemLocale: 'en-US' });
    const pushed: Settings[] = [];
    first.events.subscribeAll((event, payload) => {
      if (event === 'settings.changed') pushed.push(payload as Settings);
    });
    expect(await first.dispatch('settings.getAll', {})).toEqual({ ok: true, data: { locale: null } });
    expect(await first.dispatch('settings.set', { key: 'locale', value: 'zh-CN' })).toEqual({ ok: true, data: { locale: 'zh-CN' } });
    expect(pushed).toEqual([{ locale: 'zh-CN' }]);
    await first.close();

    const second = await composeApp({ dataDir: dir });
    expect(second.services.settings.getAll()).toEqual({ locale: 'zh-CN' });
    await second.close();
  });

  it('falls back to the default when a stored value no longer parses', async () => {
    const app = await composeApp({ dataDir: dir });
    app.ledger.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('locale', '\"klingon\"', 'now')").run();
    expect(app.services.settings.getAll()).toEqual({ locale: null });
    await app.close();
  });

  it('reports real app info from main', async () => {
    const app = await composeApp({ dataDir: dir, systemLocale: 'zh-CN' });
    const envelope = await app.dispatch('app.info', {});
    expect(envelope.ok).toBe(true);
    if (envelope.ok) {
      expect(envelope.data).toMatchObject({
        productName: 'Marketcode Station',
        mode: 'training',
        dataDir: dir,
        systemLocale: 'zh-CN',
        liveCredentialsSet: false,
      });
      expect((envelope.data as { version: string }).version).toMatch(/^\d+\.\d+\.\d+/);
    }
    await app.close();
  });

  it('refuses Live mode without credentials', async () => {
    await expect(composeApp({ dataDir: dir, mode: 'live' })).rejects.toMatchObject({ code: 'LIVE_CREDENTIALS_MISSING' });
  });
});
