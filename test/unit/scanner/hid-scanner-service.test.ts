import { describe, expect, it } from 'vitest';
import { beepOnHidFailures, createHidScannerService, type HidScannerServiceOptions, type ScannerChoiceStore } from '@main/scanner';
import type { HidScannerChoice, ScannerStatus } from '@shared/scanner-contract';
import { createFakeHid, createManualClock, settle, type FakeHid } from './fake-node-hid';
import {
  CODE,
  CODE_URL,
  HONEYWELL_CODE_CR,
  HONEYWELL_CODE_URL_CR,
  HONEYWELL_LONG_URL_CR,
  LONG_URL,
  MALFORMED_LENGTH_TOO_LONG,
  NEWLAND_CODE_URL,
} from './fixtures/hid-pos-reports';

const HONEYWELL = { vendorId: 0x0c2e, productId: 0x0b87, manufacturer: 'Honeywell', product: 'Xenon 1950g' };
const NEWLAND = { vendorId: 0x1eab, productId: 0x0d10, manufacturer: 'Newland', product: 'FM420' };
/** Who changes the scanner in these tests (select and forget are supervisor channels). */
const SUPERVISOR = 'supervisor:王工';

function setup(options: { saved?: HidScannerChoice; fake?: FakeHid; platform?: NodeJS.Platform } & Partial<HidScannerServiceOptions> = {}) {
  const fake = options.fake ?? createFakeHid();
  const clock = createManualClock();
  const scans: { text: string; symbology: string; layout: string }[] = [];
  const statuses: ScannerStatus[] = [];
  const saved: (HidScannerChoice | null)[] = [];
  const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const store: ScannerChoiceStore = { load: () => options.saved, save: (choice) => saved.push(choice) };
  const service = createHidScannerService({
    loadHid: () => ({ ok: true, hid: fake.api }),
    onScan: (text, meta) => scans.push({ text, ...meta }),
    onStatus: (status) => statuses.push(status),
    store,
    now: clock.now,
    timers: clock.timers,
    platform: options.platform ?? 'linux',
    logger: {
      info: (message, fields) => logs.push({ level: 'info', message, fields }),
      warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
      error: (message, fields) => logs.push({ level: 'error', message, fields }),
    },
    ...options,
  });
  return { fake, clock, service, scans, statuses, saved, logs };
}

function withHoneywell(fake = createFakeHid()) {
  // A composite scanner: a keyboard interface and the HID POS one, as hidapi lists them on Linux.
  const keyboard = fake.add({ ...HONEYWELL, path: '/dev/hidraw2', usagePage: 0x01, usage: 0x06, interface: 0 });
  const pos = fake.add({ ...HONEYWELL, path: '/dev/hidraw3', usagePage: 0x8c, usage: 0x02, interface: 1 });
  return { fake, keyboard, pos };
}

describe('HID scanner service: devices', () => {
  it('lists HID POS interfaces (usage page 0x8C) first, then the others, without duplicates', async () => {
    const { fake } = withHoneywell();
    fake.add({
      vendorId: 0x046d,
      productId: 0xc077,
      product: 'USB Optical Mouse',
      manufacturer: '',
      path: '/dev/hidraw0',
      usagePage: 1,
      usage: 2,
      interface: -1,
    });
    fake.add({ ...NEWLAND, path: '/dev/hidraw5', usagePage: 0x8c, usage: 0x02 });
    fake.add({ ...NEWLAND, path: '/dev/hidraw5', usagePage: 0x8c, usage: 0x02 });
    const { service } = setup({ fake });
    const devices = await service.listDevices();
    expect(devices.map((device) => [device.product, device.path, device.hidPos])).toEqual([
      ['FM420', '/dev/hidraw5', true],
      ['Xenon 1950g', '/dev/hidraw3', true],
      ['USB Optical Mouse', '/dev/hidraw0', false],
      ['Xenon 1950g', '/dev/hidraw2', false],
    ]);
    expect(devices[2]).toEqual({
      vendorId: 0x046d,
      productId: 0xc077,
      product: 'USB Optical Mouse',
      path: '/dev/hidraw0',
      usagePage: 1,
      usage: 2,
      hidPos: false,
    });
    expect(devices[1]).toMatchObject({
      vendorId: 0x0c2e,
      productId: 0x0b87,
      manufacturer: 'Honeywell',
      usagePage: 0x8c,
      usage: 2,
      interface: 1,
    });
  });

  it('works without node-hid: no devices, the reason in the status, selecting refused', async () => {
    const statuses: ScannerStatus[] = [];
    const service = createHidScannerService({
      loadHid: () => ({ ok: false, reason: 'node-hid could not be loaded: libudev.so.1: cannot open shared object file' }),
      onScan: () => undefined,
      onStatus: (status) => statuses.push(status),
    });
    service.start();
    expect(await service.listDevices()).toEqual([]);
    const expected = {
      available: false,
      reason: 'node-hid could not be loaded: libudev.so.1: cannot open shared object file',
      state: 'idle',
    };
    expect(service.status()).toEqual(expected);
    expect(statuses).toEqual([expected]);
    await expect(service.select({ vendorId: 1, productId: 2 }, SUPERVISOR)).rejects.toMatchObject({ code: 'HID_UNAVAILABLE' });
    expect(await service.beepError()).toEqual({ ok: false, reason: 'not-connected' });
  });
});

describe('HID scanner service: select → scans', () => {
  it('opens the chosen scanner, saves the choice, and hands each scan to onScan', async () => {
    const { fake, pos } = withHoneywell();
    const { service, scans, saved, statuses } = setup({ fake });
    const status = await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    const choice = { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', usagePage: 0x8c, product: 'Xenon 1950g' };
    expect(status).toEqual({ available: true, selected: choice, state: 'connected' });
    expect(saved).toEqual([choice]);
    expect(statuses.at(-1)).toEqual(status);
    // Without a path the HID POS interface is opened, not the keyboard one.
    expect(fake.openHandles(pos)).toHaveLength(1);

    fake.send(pos, HONEYWELL_CODE_URL_CR);
    fake.send(pos, HONEYWELL_LONG_URL_CR);
    fake.send(pos, HONEYWELL_CODE_CR);
    expect(scans).toEqual([
      { text: CODE_URL, symbology: ']Q1', layout: 'aim' },
      { text: LONG_URL, symbology: ']Q1', layout: 'aim' },
      { text: CODE, symbology: ']C0', layout: 'aim' },
    ]);
  });

  it('opens the exact interface when the path is given, and refuses a device that is not there', async () => {
    const { fake, keyboard } = withHoneywell();
    const { service } = setup({ fake });
    await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId, path: '/dev/hidraw2' }, SUPERVISOR);
    expect(fake.openHandles(keyboard)).toHaveLength(1);
    await expect(service.select({ vendorId: 0x1234, productId: 0x5678 }, SUPERVISOR)).rejects.toMatchObject({
      code: 'HID_SCANNER_NOT_FOUND',
    });
  });

  it('falls back to node-hid’s synchronous HID class when HIDAsync is missing', async () => {
    const { fake, pos } = withHoneywell(createFakeHid({ async: false }));
    const { service, scans } = setup({ fake });
    expect((await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR)).state).toBe('connected');
    fake.send(pos, HONEYWELL_CODE_URL_CR);
    expect(scans.map((scan) => scan.text)).toEqual([CODE_URL]);
  });

  it('refuses a malformed report (error in the status, error beep, nothing to onScan) and clears it on the next good scan', async () => {
    const { fake, pos } = withHoneywell();
    const { service, scans } = setup({ fake });
    await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    fake.send(pos, [MALFORMED_LENGTH_TOO_LONG]);
    await settle();
    expect(scans).toEqual([]);
    expect(service.status().last_error).toMatchObject({ code: 'HID_REPORT_MALFORMED', details: { reason: 'length' } });
    expect(pos.writes).toEqual([[0x04, 0x20]]);
    fake.send(pos, HONEYWELL_CODE_URL_CR);
    expect(scans.map((scan) => scan.text)).toEqual([CODE_URL]);
    expect(service.status().last_error).toBeUndefined();
  });

  it('reports a continuation that never comes once its timeout passes', async () => {
    const { fake, pos } = withHoneywell();
    const { service, scans, clock } = setup({ fake });
    await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    fake.send(pos, HONEYWELL_LONG_URL_CR.slice(0, 1));
    await clock.advance(100);
    expect(service.status().last_error).toBeUndefined();
    await clock.advance(100);
    expect(service.status().last_error).toMatchObject({ code: 'HID_REPORT_MALFORMED', details: { reason: 'continuation-missing' } });
    expect(scans).toEqual([]);
    expect(pos.writes).toEqual([[0x04, 0x20]]);
  });
});

describe('HID scanner service: unplug and replug', () => {
  it('goes disconnected on unplug, retries every 2 s, and reconnects under a new path; scans flow again', async () => {
    const { fake, pos } = withHoneywell();
    const { service, scans, statuses, clock, logs } = setup({ fake });
    await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    fake.send(pos, HONEYWELL_CODE_URL_CR);

    fake.unplug(pos);
    await settle();
    expect(service.status()).toMatchObject({ state: 'disconnected', last_error: { code: 'HID_SCANNER_DISCONNECTED' } });
    expect(statuses.at(-1)?.state).toBe('disconnected');
    const opensBefore = fake.opens;

    // Still unplugged: tried again every 2 s, quietly (one status change, one log line).
    await clock.advance(2000);
    await clock.advance(2000);
    expect(service.status()).toMatchObject({ state: 'disconnected', last_error: { code: 'HID_SCANNER_NOT_FOUND' } });
    expect(fake.opens).toBe(opensBefore);
    const statusCount = statuses.length;
    await clock.advance(6000);
    expect(statuses).toHaveLength(statusCount);
    expect(logs.filter((log) => log.message === 'HID scanner not connected')).toHaveLength(2);

    // Back in, as /dev/hidraw4 (Linux renumbers): found by vendor/product id and usage page.
    fake.replug(pos, '/dev/hidraw4');
    await clock.advance(1999);
    expect(service.status().state).toBe('disconnected');
    await clock.advance(1);
    expect(service.status()).toMatchObject({ state: 'connected', selected: { path: '/dev/hidraw3' } });
    expect(service.status().last_error).toBeUndefined();
    expect(statuses.at(-1)?.state).toBe('connected');

    fake.send(pos, HONEYWELL_CODE_CR);
    expect(scans.map((scan) => scan.text)).toEqual([CODE_URL, CODE]);
  });

  it('opens the saved scanner at start, waiting for it if it is not plugged in yet', async () => {
    const fake = createFakeHid();
    const pos = fake.add({ ...NEWLAND, path: '/dev/hidraw1', usagePage: 0x8c, usage: 2 }, false);
    const saved = { vendorId: NEWLAND.vendorId, productId: NEWLAND.productId, path: '/dev/hidraw1', usagePage: 0x8c, product: 'FM420' };
    const { service, scans, clock } = setup({ fake, saved });
    service.start();
    await settle();
    expect(service.status()).toMatchObject({ state: 'disconnected', selected: saved, last_error: { code: 'HID_SCANNER_NOT_FOUND' } });
    fake.replug(pos);
    await clock.advance(2000);
    expect(service.status().state).toBe('connected');
    fake.send(pos, NEWLAND_CODE_URL);
    expect(scans).toEqual([{ text: CODE_URL, symbology: 'Q', layout: 'trailer' }]);
  });

  it('explains a refused open on Linux with the udev rule, and keeps retrying', async () => {
    const { fake, pos } = withHoneywell();
    pos.openError = 'could not open device';
    const { service, clock } = setup({ fake, platform: 'linux' });
    const status = await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    expect(status.state).toBe('disconnected');
    expect(status.last_error?.code).toBe('HID_OPEN_FAILED');
    expect(status.last_error?.localized.en.hint).toContain('udev');
    expect(status.last_error?.localized['zh-CN'].hint).toContain('udev');
    delete pos.openError;
    await clock.advance(2000);
    expect(service.status().state).toBe('connected');
  });

  it('an unplug reported while another scanner is being chosen does not mark the new one disconnected', async () => {
    const { fake, pos } = withHoneywell();
    const newland = fake.add({ ...NEWLAND, path: '/dev/hidraw5', usagePage: 0x8c, usage: 2 });
    const { service } = setup({ fake });
    await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    // Closing the unplugged device takes a while (HIDAsync.close is async); the new choice connects meanwhile.
    const [old] = fake.openHandles(pos);
    let finishClose: () => void = () => undefined;
    const close = old!.close.bind(old);
    old!.close = () => new Promise<void>((resolve) => (finishClose = () => resolve(close())));
    fake.unplug(pos);
    const status = await service.select({ vendorId: NEWLAND.vendorId, productId: NEWLAND.productId }, SUPERVISOR);
    finishClose();
    await settle();
    expect(status.state).toBe('connected');
    expect(service.status()).toMatchObject({ state: 'connected', selected: { vendorId: NEWLAND.vendorId } });
    expect(fake.openHandles(newland)).toHaveLength(1);
  });

  it('forget closes the scanner, clears the setting and stops retrying', async () => {
    const { fake, pos } = withHoneywell();
    const { service, saved, clock } = setup({ fake });
    await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    fake.unplug(pos);
    await settle();
    expect(await service.forget(SUPERVISOR)).toEqual({ available: true, state: 'idle' });
    expect(saved.at(-1)).toBeNull();
    fake.replug(pos);
    const opens = fake.opens;
    await clock.advance(10_000);
    expect(fake.opens).toBe(opens);
    expect(clock.pendingCount()).toBe(0);
  });

  it('close() releases the device and its timers', async () => {
    const { fake, pos } = withHoneywell();
    const { service, clock } = setup({ fake });
    await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    fake.send(pos, HONEYWELL_LONG_URL_CR.slice(0, 1));
    await service.close();
    expect(fake.openHandles(pos)).toEqual([]);
    expect(clock.pendingCount()).toBe(0);
  });
});

describe('HID scanner service: error beep', () => {
  it('writes output report 0x04 with the error-beep bit, and says when it could not', async () => {
    const { fake, pos } = withHoneywell();
    const { service } = setup({ fake });
    expect(await service.beepError()).toEqual({ ok: false, reason: 'not-connected' });
    await service.select({ vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, SUPERVISOR);
    expect(await service.beepError()).toEqual({ ok: true });
    expect(pos.writes).toEqual([[0x04, 0x20]]);

    pos.refuseWrites = true;
    expect(await service.beepError()).toMatchObject({ ok: false, reason: 'write-failed' });
    // Not tried again on this connection.
    expect(await service.beepError()).toEqual({ ok: false, reason: 'unsupported' });
  });

  it('does not send it to a Newland-layout scanner, whose report 0x04 carries serial commands', async () => {
    const fake = createFakeHid();
    const pos = fake.add({ ...NEWLAND, path: '/dev/hidraw1', usagePage: 0x8c, usage: 2 });
    const { service } = setup({ fake });
    await service.select({ vendorId: NEWLAND.vendorId, productId: NEWLAND.productId }, SUPERVISOR);
    fake.send(pos, NEWLAND_CODE_URL);
    expect(await service.beepError()).toEqual({ ok: false, reason: 'unsupported' });
    expect(pos.writes).toEqual([]);
  });

  it('beeps when the verification engine gives a HID scan anything but PASS, or refuses it', async () => {
    type Listener = (event: string, payload: unknown) => void;
    let listener: Listener = () => undefined;
    const events = {
      subscribeAll: (next: Listener) => {
        listener = next;
        return () => undefined;
      },
    };
    const beeps: string[] = [];
    beepOnHidFailures(events as never, {
      beepError: async () => {
        beeps.push('beep');
        return { ok: true };
      },
    });
    listener('verify.scanned', { source: 'hid', verdict: 'PASS' });
    listener('verify.scanned', { source: 'wedge', verdict: 'DUPLICATE' });
    listener('verify.scanUpdated', { source: 'hid', verdict: 'REMOTE_MISMATCH' });
    expect(beeps).toEqual([]);
    listener('verify.scanned', { source: 'hid', verdict: 'NOT_ACTIVATED' });
    listener('verify.scanRefused', { source: 'hid', input: CODE, error: { code: 'VERIFY_ACK_REQUIRED' } });
    listener('verify.scanRefused', { source: 'wedge', input: CODE, error: { code: 'VERIFY_ACK_REQUIRED' } });
    expect(beeps).toEqual(['beep', 'beep']);
  });
});
