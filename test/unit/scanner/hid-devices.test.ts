import { describe, expect, it } from 'vitest';
import { choiceOf, interfaceToOpen, listableDevices, selectedDevice } from '@main/scanner/hid-devices';

const HONEYWELL = { vendorId: 0x0c2e, productId: 0x0b87, product: 'Xenon 1950g' };
const KEYBOARD = { ...HONEYWELL, path: '/dev/hidraw2', usagePage: 0x01, usage: 0x06 };
const POS = { ...HONEYWELL, path: '/dev/hidraw3', usagePage: 0x8c, usage: 0x02 };

describe('which HID interface to (re)open', () => {
  const saved = { vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId, path: '/dev/hidraw3', usagePage: 0x8c };
  it.each([
    ['the saved path while it is there', [KEYBOARD, POS], saved, '/dev/hidraw3'],
    ['the same usage page under a new path after a replug', [KEYBOARD, { ...POS, path: '/dev/hidraw4' }], saved, '/dev/hidraw4'],
    ['never the keyboard interface of a composite scanner', [KEYBOARD], saved, undefined],
    ['HID POS when no usage page was saved', [KEYBOARD, POS], { ...saved, path: undefined, usagePage: undefined }, '/dev/hidraw3'],
    ['the vid/pid alone where usage pages are unknown', [{ ...POS, usagePage: 0 }], { ...saved, path: '/other' }, '/dev/hidraw3'],
    ['nothing when it is unplugged', [], saved, undefined],
    ['nothing of another scanner', [{ ...POS, productId: 1 }], saved, undefined],
  ])('%s', (_name, devices, target, path) => {
    expect(interfaceToOpen(devices, target)).toBe(path);
  });
});

describe('the device list and a selection', () => {
  it('lists interfaces with a path once each, HID POS first', () => {
    const devices = listableDevices([KEYBOARD, POS, POS, { ...POS, path: undefined }]);
    expect(devices.map((device) => [device.path, device.hidPos])).toEqual([
      ['/dev/hidraw3', true],
      ['/dev/hidraw2', false],
    ]);
  });

  it.each([
    ['by vid/pid: the first listed (HID POS) interface', { vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId }, '/dev/hidraw3'],
    ['by path: that interface', { vendorId: HONEYWELL.vendorId, productId: HONEYWELL.productId, path: '/dev/hidraw2' }, '/dev/hidraw2'],
    ['a device that is not there', { vendorId: 1, productId: 2 }, undefined],
  ])('select %s', (_name, request, path) => {
    expect(selectedDevice(listableDevices([KEYBOARD, POS]), request)?.path).toBe(path);
  });

  it('saves what finds the device again and names it while unplugged', () => {
    const [device] = listableDevices([POS]);
    expect(choiceOf(device!)).toEqual({
      vendorId: 0x0c2e,
      productId: 0x0b87,
      path: '/dev/hidraw3',
      usagePage: 0x8c,
      product: 'Xenon 1950g',
    });
  });
});
