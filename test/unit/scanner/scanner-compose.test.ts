import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '@main/compose';
import { createFakeHid, settle } from './fake-node-hid';
import { CODE_URL, HONEYWELL_CODE_URL_CR } from './fixtures/hid-pos-reports';

const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let dir: string;
const apps: ComposedApp[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-scanner-'));
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function fakeScanner() {
  const fake = createFakeHid();
  const pos = fake.add({ vendorId: 0x0c2e, productId: 0x0b87, product: 'Xenon 1950g', path: '/dev/hidraw3', usagePage: 0x8c, usage: 2 });
  return { fake, pos };
}

/** Choosing the scanner is a supervisor's: these tests act as one (the refusal has its own test below). */
const supervisorGate = () => ({ requireSupervisor: () => 'supervisor:test', currentActor: () => 'supervisor:test' });

/** `gate: null` keeps the app's own supervisor gate. */
async function compose(fake: ReturnType<typeof createFakeHid>, gate: Parameters<typeof composeApp>[0]['gate'] | null = supervisorGate) {
  const app = await composeApp({
    dataDir: dir,
    systemLocale: 'en-US',
    logger: quietLogger,
    loadHid: () => ({ ok: true, hid: fake.api }),
    ...(gate ? { gate } : {}),
  });
  apps.push(app);
  const events: { event: string; payload: unknown }[] = [];
  app.events.subscribeAll((event, payload) => events.push({ event, payload }));
  return { app, events };
}

describe('HID scanner in the composed app', () => {
  it('serves the scanner channels, saves the choice, sends scans to the verification engine and beeps on a non-PASS', async () => {
    const { fake, pos } = fakeScanner();
    const { app, events } = await compose(fake);

    expect(await app.dispatch('scanner.status', {})).toEqual({ ok: true, data: { available: true, state: 'idle' } });
    const listed = await app.dispatch('scanner.listDevices', {});
    expect(listed).toMatchObject({ ok: true, data: [{ vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', hidPos: true }] });

    const selected = await app.dispatch('scanner.select', { vendorId: 0x0c2e, productId: 0x0b87 });
    expect(selected).toMatchObject({ ok: true, data: { state: 'connected', selected: { path: '/dev/hidraw3', product: 'Xenon 1950g' } } });
    expect(app.services.settings.getAll().hidScanner).toMatchObject({ vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3' });
    expect(events.some(({ event, payload }) => event === 'scanner.status' && (payload as { state: string }).state === 'connected')).toBe(
      true,
    );

    // No session is running and nothing is imported: the engine refuses or fails the scan; either way the scanner beeps.
    fake.send(pos, HONEYWELL_CODE_URL_CR);
    await settle();
    const verdicts = events.filter(({ event }) => event === 'verify.scanned' || event === 'verify.scanRefused');
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]?.payload).toMatchObject({ source: 'hid', input: CODE_URL });
    expect(pos.writes).toEqual([[0x04, 0x20]]);

    expect(await app.dispatch('scanner.select', { vendorId: 1, productId: 2 })).toMatchObject({
      ok: false,
      error: { code: 'HID_SCANNER_NOT_FOUND' },
    });
    expect(await app.dispatch('scanner.select', { vendorId: 0x1_0000, productId: 2 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
  });

  it('reopens the saved scanner when the app starts again, and forgets it on request', async () => {
    const { fake, pos } = fakeScanner();
    const first = await compose(fake);
    await first.app.dispatch('scanner.select', { vendorId: 0x0c2e, productId: 0x0b87 });
    await first.app.close();
    apps.splice(apps.indexOf(first.app), 1);
    expect(fake.openHandles(pos)).toEqual([]);

    const second = await compose(fake);
    second.app.start();
    await settle();
    expect(second.app.services.scanner.status()).toMatchObject({ state: 'connected', selected: { path: '/dev/hidraw3' } });
    expect(await second.app.dispatch('scanner.forget', {})).toEqual({ ok: true, data: { available: true, state: 'idle' } });
    expect(second.app.services.settings.getAll().hidScanner).toBeNull();
    expect(fake.openHandles(pos)).toEqual([]);
  });

  it('choosing or forgetting the scanner needs a supervisor; a line worker is asked for the PIN', async () => {
    const { fake, pos } = fakeScanner();
    const { app } = await compose(fake, null);
    for (const [channel, request] of [
      ['scanner.select', { vendorId: 0x0c2e, productId: 0x0b87 }],
      ['scanner.forget', {}],
    ] as const) {
      // No supervisor set up yet: the refusal says to set one up first.
      expect(await app.dispatch(channel, request)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_SETUP_NEEDED' } });
    }
    await app.dispatch('supervisor.setup', { name: '王工', pin: '432102' });
    app.services.supervisors.lock();
    expect(await app.dispatch('scanner.select', { vendorId: 0x0c2e, productId: 0x0b87 })).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_REQUIRED', localized: { en: { message: expect.stringContaining('change the scanner') as unknown } } },
    });
    expect(fake.openHandles(pos)).toEqual([]);
    expect(app.services.settings.getAll().hidScanner ?? null).toBeNull();
  });

  it('keeps working without node-hid and says why', async () => {
    const app = await composeApp({
      dataDir: dir,
      gate: supervisorGate,
      logger: quietLogger,
      loadHid: () => ({ ok: false, reason: 'node-hid could not be loaded: no libusb' }),
    });
    apps.push(app);
    app.start();
    expect(await app.dispatch('scanner.listDevices', {})).toEqual({ ok: true, data: [] });
    expect(await app.dispatch('scanner.status', {})).toEqual({
      ok: true,
      data: { available: false, reason: 'node-hid could not be loaded: no libusb', state: 'idle' },
    });
    expect(await app.dispatch('scanner.select', { vendorId: 1, productId: 2 })).toMatchObject({
      ok: false,
      error: { code: 'HID_UNAVAILABLE' },
    });
  });
});
