/**
 * Which HID interface is which: pure functions over what node-hid lists. They
 * decide what the Settings list shows, which interface a choice means, and
 * which one to reopen after a replug.
 */
import { HID_POS_USAGE_PAGE, type HidDevice, type HidScannerChoice, type ScannerSelect } from '../../shared/scanner-contract';
import type { HidDeviceInfoLike } from './hid-api';

/** An interface as the contract shows it; hidapi reports a missing string as '' and an unknown interface as -1. */
export function toHidDevice(raw: HidDeviceInfoLike, path: string): HidDevice {
  const usagePage = raw.usagePage ?? 0;
  const device: HidDevice = {
    vendorId: raw.vendorId,
    productId: raw.productId,
    path,
    usagePage,
    usage: raw.usage ?? 0,
    hidPos: usagePage === HID_POS_USAGE_PAGE,
  };
  if (raw.product) device.product = raw.product;
  if (raw.manufacturer) device.manufacturer = raw.manufacturer;
  if (raw.serialNumber) device.serialNumber = raw.serialNumber;
  if (raw.interface !== undefined && raw.interface >= 0) device.interface = raw.interface;
  return device;
}

/** HID POS interfaces first, then by name, ids and path. */
export function compareDevices(a: HidDevice, b: HidDevice): number {
  if (a.hidPos !== b.hidPos) return a.hidPos ? -1 : 1;
  return (
    (a.product ?? '').localeCompare(b.product ?? '') || a.vendorId - b.vendorId || a.productId - b.productId || a.path.localeCompare(b.path)
  );
}

/** The interfaces worth listing: those with a path, each once (hidapi may list one twice), sorted. */
export function listableDevices(raw: readonly HidDeviceInfoLike[]): HidDevice[] {
  const seen = new Set<string>();
  const devices: HidDevice[] = [];
  for (const info of raw) {
    if (!info.path) continue;
    const device = toHidDevice(info, info.path);
    const key = `${device.path}\u0000${device.usagePage}\u0000${device.usage}`;
    if (seen.has(key)) continue;
    seen.add(key);
    devices.push(device);
  }
  return devices.sort(compareDevices);
}

/**
 * The interface to open for a choice: the saved path if it is still there, else (paths change on replug)
 * the same vid/pid's interface on the saved usage page, never another one (a composite scanner's keyboard).
 */
export function interfaceToOpen(raw: readonly HidDeviceInfoLike[], target: HidScannerChoice): string | undefined {
  const matching = raw.filter((device) => device.vendorId === target.vendorId && device.productId === target.productId && device.path);
  const page = target.usagePage ?? HID_POS_USAGE_PAGE;
  const pick =
    matching.find((device) => target.path !== undefined && device.path === target.path) ??
    matching.find((device) => device.usagePage === page) ??
    // Usage pages unknown (0) on this platform: the vid/pid is all there is to go by.
    (matching.every((device) => !device.usagePage) ? matching[0] : undefined);
  return pick?.path;
}

/** The listed device a `scanner.select` request names (the first HID POS one when no path is given). */
export function selectedDevice(devices: readonly HidDevice[], request: ScannerSelect): HidDevice | undefined {
  return devices.find(
    (device) =>
      device.vendorId === request.vendorId &&
      device.productId === request.productId &&
      (request.path === undefined || device.path === request.path),
  );
}

/** What is saved for a chosen device: enough to find it again after a replug, and its name to show while unplugged. */
export function choiceOf(device: HidDevice): HidScannerChoice {
  const choice: HidScannerChoice = {
    vendorId: device.vendorId,
    productId: device.productId,
    path: device.path,
    usagePage: device.usagePage,
  };
  if (device.product) choice.product = device.product;
  return choice;
}
