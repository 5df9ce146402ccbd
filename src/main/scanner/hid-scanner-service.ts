/**
 * The HID POS scanner in main: lists HID devices, opens the chosen one through node-hid, turns its
 * input reports into scans (hid-pos-decoder), reconnects after unplug/replug, and sounds the
 * scanner's error beep on request. node-hid is injected (`loadHid`) so tests drive a fake device.
 * The decisions live in scanner-policy and hid-devices; this file composes the machinery.
 */
import { scannerErrors } from '../../shared/error-catalogue/scanner';
import type { AppError } from '../../shared/errors';
import type { HidDevice, HidScannerChoice, ScannerSelect, ScannerStatus } from '../../shared/scanner-contract';
import { realTimers, type HidLoader, type ScannerLogger, type TimerApi } from './hid-api';
import { createHidConnection, enumerateDevices, type HidConnection } from './hid-connection';
import type { Actor } from '../supervisors/actor';
import { choiceOf, listableDevices, selectedDevice } from './hid-devices';
import { sendErrorBeep, type BeepResult } from './hid-error-beep';
import { createHidPosDecoder, DEFAULT_CONTINUATION_TIMEOUT_MS, type HidPosError, type HidPosLayoutOption } from './hid-pos-decoder';
import { createReportReader, deliverScan, type HidScanMeta } from './hid-report-reader';
import { startAction } from './scanner-policy';
import { createScannerRuntime, createStatusPublisher, type ScannerRuntime, type StatusPublisher } from './scanner-runtime';

export interface HidScannerService {
  /** Opens the saved scanner, if any (the app calls this once at start). */
  start(): void;
  /** Whether node-hid is there, what is chosen, whether it is open, and the latest problem. */
  status(): ScannerStatus;
  /** HID interfaces, usage page 0x8C first; [] when node-hid is unavailable. */
  listDevices(): Promise<HidDevice[]>;
  /** Saves the choice and opens it; the answer says whether it connected. */
  select(request: ScannerSelect, actor: Actor): Promise<ScannerStatus>;
  /** Closes the scanner and clears the choice. */
  forget(actor: Actor): Promise<ScannerStatus>;
  /** Output report 0x04 with "sound error beep" (Honeywell HID POS); says whether it was sent. */
  beepError(): Promise<BeepResult>;
  /** Releases the device and every timer. */
  close(): Promise<void>;
}

/** Where the choice is kept: the `hidScanner` setting in the app. */
export interface ScannerChoiceStore {
  load(): HidScannerChoice | undefined;
  /** `actor` changed it (scanner.select / scanner.forget are supervisor channels). */
  save(choice: HidScannerChoice | null, actor: Actor): void;
}

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

export const RECONNECT_MS = 2000;

/** The parts the service's operations share. */
interface ScannerParts {
  options: HidScannerServiceOptions;
  runtime: ScannerRuntime;
  publisher: StatusPublisher;
  connection: HidConnection;
}

export function createHidScannerService(options: HidScannerServiceOptions): HidScannerService {
  const { logger } = options;
  const timers = options.timers ?? realTimers;
  const runtime = createScannerRuntime(options.store?.load());
  const publisher = createStatusPublisher(runtime, options.loadHid, options.onStatus);
  const continuationTimeoutMs = options.continuationTimeoutMs ?? DEFAULT_CONTINUATION_TIMEOUT_MS;
  const decoder = createHidPosDecoder({ layout: options.layout ?? 'auto', continuationTimeoutMs });
  const beepError = () => sendErrorBeep(runtime, decoder.layout(), logger);
  const reader = createReportReader({
    decoder,
    timers,
    now: options.now ?? Date.now,
    continuationTimeoutMs,
    onScan: (text, meta) => {
      clearReportError(runtime, publisher.publish);
      deliverScan(options.onScan, text, meta, logger);
    },
    onRefused: (result) => {
      reportRefused({ options, runtime, publisher }, result);
      // The scanner already beeped "good read"; the error beep tells the operator to scan again.
      void beepError();
    },
  });
  const connection = createHidConnection({
    runtime,
    loadHid: options.loadHid,
    reader,
    publish: publisher.publish,
    timers,
    reconnectMs: options.reconnectMs ?? RECONNECT_MS,
    platform: options.platform ?? process.platform,
    logger,
  });
  const parts: ScannerParts = { options, runtime, publisher, connection };
  return {
    start: () => startScanner(parts),
    status: publisher.status,
    listDevices: () => listDevices(options.loadHid),
    select: (request, actor) => selectScanner(parts, request, actor),
    forget: (actor) => forgetScanner(parts, actor),
    beepError,
    close: () => closeScanner(parts),
  };
}

function startScanner({ options, runtime, publisher, connection }: ScannerParts): void {
  const action = startAction({ chosen: runtime.choice !== undefined, available: options.loadHid().ok, state: runtime.state });
  if (action === 'connect') {
    runtime.state = 'disconnected';
    void connection.connect(runtime.generation);
  } else {
    publisher.publish();
  }
}

async function listDevices(loadHid: HidLoader): Promise<HidDevice[]> {
  const hid = loadHid();
  return hid.ok ? listableDevices(await enumerateDevices(hid.hid)) : [];
}

async function selectScanner(parts: ScannerParts, request: ScannerSelect, actor: Actor): Promise<ScannerStatus> {
  const hid = parts.options.loadHid();
  if (!hid.ok) throw scannerErrors.HID_UNAVAILABLE({ reason: hid.reason });
  const match = selectedDevice(await listDevices(parts.options.loadHid), request);
  if (!match) throw scannerErrors.HID_SCANNER_NOT_FOUND({ device: request });
  await switchTo(parts, choiceOf(match), actor);
  await parts.connection.connect(parts.runtime.generation);
  return parts.publisher.status();
}

async function forgetScanner(parts: ScannerParts, actor: Actor): Promise<ScannerStatus> {
  await switchTo(parts, undefined, actor);
  parts.publisher.publish();
  return parts.publisher.status();
}

/** Drops the current device (and any retry) and makes `choice` current, under a new generation. */
async function switchTo({ options, runtime, connection }: ScannerParts, choice: HidScannerChoice | undefined, actor: Actor): Promise<void> {
  runtime.generation += 1;
  connection.cancelRetry();
  await connection.closeCurrent();
  runtime.choice = choice;
  options.store?.save(choice ?? null, actor);
  runtime.state = choice ? 'disconnected' : 'idle';
  runtime.lastError = undefined;
}

async function closeScanner({ runtime, connection }: ScannerParts): Promise<void> {
  runtime.closed = true;
  runtime.generation += 1;
  connection.cancelRetry();
  await connection.closeCurrent();
}

/** A refused report becomes the status's last error (the scan is not used). */
function reportRefused({ options, runtime, publisher }: Omit<ScannerParts, 'connection'>, result: HidPosError): void {
  const error = scannerErrors.HID_REPORT_MALFORMED({ reason: result.reason, detail: result.detail });
  runtime.lastError = error.toPayload();
  options.logger?.warn('HID report refused', { reason: result.reason, detail: result.detail });
  publisher.publish();
  options.onReportError?.(error);
}

/** A good scan after a refused report: the refusal is no longer the news. */
function clearReportError(runtime: ScannerRuntime, publish: () => void): void {
  if (runtime.lastError?.code !== scannerErrors.HID_REPORT_MALFORMED.code) return;
  runtime.lastError = undefined;
  publish();
}
