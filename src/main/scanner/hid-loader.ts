import { createRequire } from 'node:module';
import type { HidStatus } from '../../shared/contract';

import type * as NodeHidModule from 'node-hid';

type NodeHid = typeof NodeHidModule;

export type HidLoadResult = { ok: true; hid: NodeHid } | { ok: false; reason: string };

let cached: HidLoadResult | undefined;

/**
 * node-hid is loaded on first use only: a missing libusb/libudev or an
 * unsupported platform must never stop the app, just turn HID scanning off.
 */
export function loadHid(): HidLoadResult {
  if (cached) return cached;
  try {
    const require = createRequire(import.meta.url);
    cached = { ok: true, hid: require('node-hid') as NodeHid };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    cached = { ok: false, reason: `node-hid could not be loaded: ${detail}` };
  }
  return cached;
}

export function hidStatus(): HidStatus {
  const result = loadHid();
  return result.ok ? { available: true } : { available: false, reason: result.reason };
}
