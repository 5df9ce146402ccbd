/**
 * Opening the chosen scanner and keeping it open: finds its interface, opens
 * it by path, wires its reports to the reader, and after a failure or an
 * unplug says so and tries again every 2 s.
 */
import { scannerErrors } from '../../shared/error-catalogue/scanner';
import { isAppError, type AppError } from '../../shared/errors';
import type { HidScannerChoice } from '../../shared/scanner-contract';
import {
  createTimerSlot,
  type HidApi,
  type HidDeviceInfoLike,
  type HidHandle,
  type HidLoader,
  type ScannerLogger,
  type TimerApi,
} from './hid-api';
import { interfaceToOpen } from './hid-devices';
import type { ReportReader } from './hid-report-reader';
import { attemptCurrent, failureIsNews, shouldRetry } from './scanner-policy';
import type { ScannerRuntime } from './scanner-runtime';

/** The first line of a thrown value's message (at most 200 characters), as the scanner errors quote it. */
export function failureDetail(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 200) ?? '';
}

/** What node-hid lists; HID_LIST_FAILED when it cannot. */
export async function enumerateDevices(hid: HidApi): Promise<HidDeviceInfoLike[]> {
  try {
    return hid.devicesAsync ? await hid.devicesAsync() : hid.devices();
  } catch (error) {
    throw scannerErrors.HID_LIST_FAILED({ detail: failureDetail(error) });
  }
}

/** By path: hidapi's open-by-vid/pid takes the first interface, which may be the keyboard one. */
async function openInterface(hid: HidApi, target: HidScannerChoice): Promise<HidHandle> {
  const path = interfaceToOpen(await enumerateDevices(hid), target);
  if (!path) throw scannerErrors.HID_SCANNER_NOT_FOUND({ device: target });
  if (hid.HIDAsync) return hid.HIDAsync.open(path);
  if (hid.HID) return new hid.HID(path);
  throw new Error('node-hid offers neither HIDAsync nor HID');
}

export async function closeQuietly(target: HidHandle, logger: ScannerLogger | undefined): Promise<void> {
  try {
    await target.close();
  } catch (error) {
    // Closing an unplugged device can fail; it is gone either way.
    logger?.warn('closing the HID scanner failed', { error: String(error) });
  }
}

export interface HidConnectionOptions {
  runtime: ScannerRuntime;
  loadHid: HidLoader;
  reader: ReportReader;
  publish: () => void;
  timers: TimerApi;
  reconnectMs: number;
  platform: NodeJS.Platform;
  logger: ScannerLogger | undefined;
}

export interface HidConnection {
  /** Opens the current choice, if `wanted` is still the current generation by the time it is open. */
  connect(wanted: number): Promise<void>;
  /** Closes the open device, if any (the choice stays). */
  closeCurrent(): Promise<void>;
  cancelRetry(): void;
}

export function createHidConnection(options: HidConnectionOptions): HidConnection {
  const { runtime, reader, logger } = options;
  const retry = createTimerSlot(options.timers);

  function scheduleRetry(): void {
    retry.clear();
    if (!shouldRetry({ closed: runtime.closed, chosen: runtime.choice !== undefined })) return;
    const wanted = runtime.generation;
    retry.set(() => {
      if (wanted === runtime.generation) void connect(wanted);
    }, options.reconnectMs);
  }

  function disconnected(error: AppError): void {
    const news = failureIsNews({ state: runtime.state, lastErrorCode: runtime.lastError?.code, code: error.code });
    runtime.state = 'disconnected';
    runtime.lastError = error.toPayload();
    if (news) logger?.warn('HID scanner not connected', { code: error.code, message: error.message });
    options.publish();
    scheduleRetry();
  }

  async function lost(opened: HidHandle, error: unknown): Promise<void> {
    const wanted = runtime.generation;
    runtime.handle = undefined;
    reader.reset();
    await closeQuietly(opened, logger);
    // A select/forget/close meanwhile has its own connection (or none) to look after.
    const choice = runtime.choice;
    if (!choice || !attemptCurrent({ wanted, generation: runtime.generation, closed: runtime.closed })) return;
    disconnected(scannerErrors.HID_SCANNER_DISCONNECTED({ device: choice, detail: failureDetail(error) }));
  }

  function attach(opened: HidHandle, target: HidScannerChoice): void {
    runtime.handle = opened;
    reader.reset();
    runtime.beepRefused = false;
    opened.on('data', (data) => {
      if (runtime.handle === opened) reader.push(data);
    });
    opened.on('error', (error) => {
      if (runtime.handle === opened) void lost(opened, error);
    });
    runtime.state = 'connected';
    runtime.lastError = undefined;
    logger?.info('HID scanner connected', { vendorId: target.vendorId, productId: target.productId });
    options.publish();
  }

  async function connect(wanted: number): Promise<void> {
    retry.clear();
    const hid = options.loadHid();
    const target = runtime.choice;
    if (!hid.ok || !target || runtime.closed) return;
    let opened: HidHandle;
    try {
      opened = await openInterface(hid.hid, target);
    } catch (error) {
      if (!attemptCurrent({ wanted, generation: runtime.generation, closed: runtime.closed })) return;
      const detail = failureDetail(error);
      disconnected(isAppError(error) ? error : scannerErrors.HID_OPEN_FAILED({ device: target, detail, platform: options.platform }));
      return;
    }
    if (!attemptCurrent({ wanted, generation: runtime.generation, closed: runtime.closed })) await closeQuietly(opened, logger);
    else attach(opened, target);
  }

  return {
    connect,
    async closeCurrent() {
      const current = runtime.handle;
      runtime.handle = undefined;
      reader.stop();
      if (current) await closeQuietly(current, logger);
    },
    cancelRetry: retry.clear,
  };
}
