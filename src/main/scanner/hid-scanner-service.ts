/**
 * The HID POS scanner in main: lists HID devices, opens the chosen one through node-hid, turns its
 * input reports into scans (hid-pos-decoder), reconnects after unplug/replug, and sounds the
 * scanner's error beep on request. node-hid is injected (`loadHid`) so tests drive a fake device.
 */
import { isAppError, type AppError, type AppErrorPayload } from '../../shared/errors';
import {
  HID_POS_USAGE_PAGE,
  type HidDevice,
  type HidScannerChoice,
  type ScannerSelect,
  type ScannerState,
  type ScannerStatus,
} from '../../shared/scanner-contract';
import {
  createHidPosDecoder,
  DEFAULT_CONTINUATION_TIMEOUT_MS,
  type HidPosError,
  type HidPosLayout,
  type HidPosLayoutOption,
} from './hid-pos-decoder';
import {
  hidUnavailableError,
  scannerListError,
  scannerLostError,
  scannerNotFoundError,
  scannerOpenError,
  scannerReportError,
} from './scanner-errors';

/** The parts of node-hid this service uses; the real module fits it, and so does the tests' fake. */
export interface HidDeviceInfoLike {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
  interface?: number | undefined;
}
export interface HidHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  write(values: number[]): number | Promise<number>;
  close(): void | Promise<void>;
}
export interface HidApi {
  devices(): HidDeviceInfoLike[];
  devicesAsync?(): Promise<HidDeviceInfoLike[]>;
  HIDAsync?: { open(path: string): Promise<HidHandle> };
  HID?: new (path: string) => HidHandle;
}
export type HidLoader = () => { ok: true; hid: HidApi } | { ok: false; reason: string };

export interface ScannerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Where the choice is kept: the `hidScanner` setting in the app. */
export interface ScannerChoiceStore {
  load(): HidScannerChoice | undefined;
  save(choice: HidScannerChoice | null): void;
}

export interface HidScanMeta {
  symbology: string;
  layout: HidPosLayout;
}

export type BeepResult = { ok: true } | { ok: false; reason: 'not-connected' | 'unsupported' | 'write-failed'; message?: string };

export interface HidScannerServiceOptions {
  loadHid: HidLoader;
  /** Every decoded scan, trailing CR dropped; the composition root hands it to the verification engine. */
  onScan: (text: string, meta: HidScanMeta) => unknown;
  /** Every change of `status()` (pushed to the renderer as the `scanner.status` event). */
  onStatus?: (status: ScannerStatus) => void;
  /** A report the decoder refused (already in `status().last_error`). */
  onReportError?: (error: AppError) => void;
  store?: ScannerChoiceStore;
  logger?: ScannerLogger;
  now?: () => number;
  timers?: TimerApi;
  /** How often a chosen but unavailable scanner is tried again (2 s). */
  reconnectMs?: number;
  continuationTimeoutMs?: number;
  layout?: HidPosLayoutOption;
  platform?: NodeJS.Platform;
}

export interface HidScannerService {
  /** Opens the saved scanner, if any (the app calls this once at start). */
  start(): void;
  status(): ScannerStatus;
  /** HID interfaces, usage page 0x8C first; [] when node-hid is unavailable. */
  listDevices(): Promise<HidDevice[]>;
  /** Saves the choice and opens it; the answer says whether it connected. */
  select(request: ScannerSelect): Promise<ScannerStatus>;
  forget(): Promise<ScannerStatus>;
  /** Output report 0x04 with "sound error beep" (Honeywell HID POS); says whether it was sent. */
  beepError(): Promise<BeepResult>;
  close(): Promise<void>;
}

export const RECONNECT_MS = 2000;
/** Output report 0x04, bit 5 = Sound Error Beep (Honeywell HID POS trigger report). */
export const ERROR_BEEP_REPORT: readonly number[] = [0x04, 0x20];

const realTimers: TimerApi = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createHidScannerService(options: HidScannerServiceOptions): HidScannerService {
  const now = options.now ?? Date.now;
  const timers = options.timers ?? realTimers;
  const reconnectMs = options.reconnectMs ?? RECONNECT_MS;
  const continuationTimeoutMs = options.continuationTimeoutMs ?? DEFAULT_CONTINUATION_TIMEOUT_MS;
  const platform = options.platform ?? process.platform;
  const logger = options.logger;
  const decoder = createHidPosDecoder({ layout: options.layout ?? 'auto', continuationTimeoutMs });

  let choice = options.store?.load();
  let handle: HidHandle | undefined;
  let state: ScannerState = 'idle';
  let lastError: AppErrorPayload | undefined;
  /** Bumped by select/forget/close so an open still under way knows it is no longer wanted. */
  let generation = 0;
  let retryTimer: unknown;
  let continuationTimer: unknown;
  let beepRefused = false;
  let closed = false;
  let published = '';

  function loaded() {
    return options.loadHid();
  }

  function status(): ScannerStatus {
    const hid = loaded();
    const current: ScannerStatus = { available: hid.ok, state: hid.ok ? state : 'idle' };
    if (!hid.ok) current.reason = hid.reason;
    if (choice) current.selected = { ...choice };
    if (lastError) current.last_error = lastError;
    return current;
  }

  /** Pushes the status when it changed: a scanner left unplugged is retried every 2 s without repeating itself. */
  function publish(): void {
    const current = status();
    const text = JSON.stringify(current);
    if (text === published) return;
    published = text;
    options.onStatus?.(current);
  }

  function clearRetry(): void {
    if (retryTimer !== undefined) timers.clearTimeout(retryTimer);
    retryTimer = undefined;
  }
  function clearContinuation(): void {
    if (continuationTimer !== undefined) timers.clearTimeout(continuationTimer);
    continuationTimer = undefined;
  }

  function scheduleRetry(): void {
    clearRetry();
    if (closed || !choice) return;
    const wanted = generation;
    retryTimer = timers.setTimeout(() => {
      retryTimer = undefined;
      if (wanted === generation) void connect(wanted);
    }, reconnectMs);
  }

  async function enumerate(hid: HidApi): Promise<HidDeviceInfoLike[]> {
    try {
      return hid.devicesAsync ? await hid.devicesAsync() : hid.devices();
    } catch (error) {
      throw scannerListError(error);
    }
  }

  /**
   * The interface to open: the saved path if it is still there, else (paths change on replug) the same
   * vid/pid's interface on the saved usage page, never another one (a composite scanner's keyboard).
   */
  async function resolvePath(hid: HidApi, target: HidScannerChoice): Promise<string> {
    const matching = (await enumerate(hid)).filter(
      (device) => device.vendorId === target.vendorId && device.productId === target.productId && device.path,
    );
    const page = target.usagePage ?? HID_POS_USAGE_PAGE;
    const pick =
      matching.find((device) => target.path !== undefined && device.path === target.path) ??
      matching.find((device) => device.usagePage === page) ??
      // Usage pages unknown (0) on this platform: the vid/pid is all there is to go by.
      (matching.every((device) => !device.usagePage) ? matching[0] : undefined);
    if (!pick?.path) throw scannerNotFoundError(target);
    return pick.path;
  }

  /** By path: hidapi's open-by-vid/pid takes the first interface, which may be the keyboard one. */
  async function open(hid: HidApi, path: string): Promise<HidHandle> {
    if (hid.HIDAsync) return hid.HIDAsync.open(path);
    if (hid.HID) return new hid.HID(path);
    throw new Error('node-hid offers neither HIDAsync nor HID');
  }

  async function connect(wanted: number): Promise<void> {
    clearRetry();
    const hid = loaded();
    const target = choice;
    if (!hid.ok || !target || closed) return;
    let opened: HidHandle;
    try {
      const path = await resolvePath(hid.hid, target);
      opened = await open(hid.hid, path);
    } catch (error) {
      if (wanted !== generation) return;
      disconnected(isAppError(error) ? error : scannerOpenError(target, error, platform));
      return;
    }
    if (wanted !== generation || closed) {
      await closeQuietly(opened);
      return;
    }
    handle = opened;
    decoder.reset();
    clearContinuation();
    beepRefused = false;
    opened.on('data', (data) => {
      if (handle === opened) onReport(data);
    });
    opened.on('error', (error) => {
      if (handle === opened) void lost(opened, error);
    });
    state = 'connected';
    lastError = undefined;
    logger?.info('HID scanner connected', { vendorId: target.vendorId, productId: target.productId });
    publish();
  }

  function disconnected(error: AppError): void {
    const repeated = lastError?.code === error.code && state === 'disconnected';
    state = 'disconnected';
    lastError = error.toPayload();
    if (!repeated) logger?.warn('HID scanner not connected', { code: error.code, message: error.message });
    publish();
    scheduleRetry();
  }

  async function lost(opened: HidHandle, error: unknown): Promise<void> {
    const wanted = generation;
    handle = undefined;
    clearContinuation();
    decoder.reset();
    await closeQuietly(opened);
    // A select/forget/close meanwhile has its own connection (or none) to look after.
    if (closed || !choice || wanted !== generation) return;
    disconnected(scannerLostError(choice, error));
  }

  function onReport(data: Buffer | Uint8Array | readonly number[]): void {
    clearContinuation();
    const result = decoder.push(data, now());
    if (result.kind === 'partial') {
      continuationTimer = timers.setTimeout(() => {
        continuationTimer = undefined;
        const expired = decoder.expire(now());
        if (expired) reportFailed(expired);
      }, continuationTimeoutMs);
      return;
    }
    if (result.kind === 'error') {
      reportFailed(result);
      return;
    }
    if (lastError?.code === 'HID_REPORT_MALFORMED') {
      lastError = undefined;
      publish();
    }
    try {
      const outcome = options.onScan(result.text, { symbology: result.symbology, layout: result.layout });
      if (outcome instanceof Promise) outcome.catch(scanHandlerFailed);
    } catch (error) {
      scanHandlerFailed(error);
    }
  }

  /** The engine refuses some scans on purpose (an unacknowledged FAIL, no session): that is news, not a fault. */
  function scanHandlerFailed(error: unknown): void {
    if (isAppError(error)) logger?.info('HID scan refused', { code: error.code });
    else logger?.error('HID scan handler failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }

  function reportFailed(result: HidPosError): void {
    const error = scannerReportError(result);
    lastError = error.toPayload();
    logger?.warn('HID report refused', { reason: result.reason, detail: result.detail });
    publish();
    options.onReportError?.(error);
    // The scanner already beeped "good read"; the error beep tells the operator to scan again.
    void beepError();
  }

  async function closeCurrent(): Promise<void> {
    const current = handle;
    handle = undefined;
    clearContinuation();
    if (current) await closeQuietly(current);
  }

  async function closeQuietly(target: HidHandle): Promise<void> {
    try {
      await target.close();
    } catch (error) {
      // Closing an unplugged device can fail; it is gone either way.
      logger?.warn('closing the HID scanner failed', { error: String(error) });
    }
  }

  async function listDevices(): Promise<HidDevice[]> {
    const hid = loaded();
    if (!hid.ok) return [];
    const seen = new Set<string>();
    const devices: HidDevice[] = [];
    for (const raw of await enumerate(hid.hid)) {
      if (!raw.path) continue;
      const device = toHidDevice(raw, raw.path);
      const key = `${device.path}\u0000${device.usagePage}\u0000${device.usage}`;
      if (seen.has(key)) continue;
      seen.add(key);
      devices.push(device);
    }
    return devices.sort(compareDevices);
  }

  async function beepError(): Promise<BeepResult> {
    const current = handle;
    if (!current || state !== 'connected') return { ok: false, reason: 'not-connected' };
    // Newland's output report 0x04 carries length-prefixed serial commands, not the trigger bits.
    if (beepRefused || decoder.layout() === 'trailer') return { ok: false, reason: 'unsupported' };
    try {
      await current.write([...ERROR_BEEP_REPORT]);
      return { ok: true };
    } catch (error) {
      beepRefused = true;
      logger?.warn('the scanner refused output report 0x04 (error beep); not trying again until it reconnects', { error: String(error) });
      return { ok: false, reason: 'write-failed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  return {
    start() {
      if (choice && loaded().ok && state === 'idle') {
        state = 'disconnected';
        void connect(generation);
      } else {
        publish();
      }
    },
    status,
    listDevices,
    async select(request) {
      const hid = loaded();
      if (!hid.ok) throw hidUnavailableError(hid.reason);
      const devices = await listDevices();
      const match = devices.find(
        (device) =>
          device.vendorId === request.vendorId &&
          device.productId === request.productId &&
          (request.path === undefined || device.path === request.path),
      );
      if (!match) throw scannerNotFoundError(request);
      const next: HidScannerChoice = { vendorId: match.vendorId, productId: match.productId, path: match.path, usagePage: match.usagePage };
      if (match.product) next.product = match.product;
      generation += 1;
      clearRetry();
      await closeCurrent();
      choice = next;
      options.store?.save(next);
      state = 'disconnected';
      lastError = undefined;
      await connect(generation);
      return status();
    },
    async forget() {
      generation += 1;
      clearRetry();
      await closeCurrent();
      choice = undefined;
      options.store?.save(null);
      state = 'idle';
      lastError = undefined;
      publish();
      return status();
    },
    beepError,
    async close() {
      closed = true;
      generation += 1;
      clearRetry();
      await closeCurrent();
    },
  };
}

function toHidDevice(raw: HidDeviceInfoLike, path: string): HidDevice {
  const usagePage = raw.usagePage ?? 0;
  const device: HidDevice = {
    vendorId: raw.vendorId,
    productId: raw.productId,
    path,
    usagePage,
    usage: raw.usage ?? 0,
    hidPos: usagePage === HID_POS_USAGE_PAGE,
  };
  // hidapi reports a missing string as '' and an unknown interface as -1.
  if (raw.product) device.product = raw.product;
  if (raw.manufacturer) device.manufacturer = raw.manufacturer;
  if (raw.serialNumber) device.serialNumber = raw.serialNumber;
  if (raw.interface !== undefined && raw.interface >= 0) device.interface = raw.interface;
  return device;
}

function compareDevices(a: HidDevice, b: HidDevice): number {
  if (a.hidPos !== b.hidPos) return a.hidPos ? -1 : 1;
  return (
    (a.product ?? '').localeCompare(b.product ?? '') || a.vendorId - b.vendorId || a.productId - b.productId || a.path.localeCompare(b.path)
  );
}
