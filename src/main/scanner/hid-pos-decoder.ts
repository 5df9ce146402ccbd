/**
 * Decodes HID POS (usage page 0x8C) "scanned data" input reports into scans.
 * Pure: no node-hid, no timers; the caller passes report bytes and, when it
 * has one, the time each report arrived. Byte layouts and sources are in
 * docs/scanners.md. The rule throughout: a report that does not check out is
 * an error, never a guess, so a malformed read can never become a wrong code.
 */

export type HidPosLayout = 'aim' | 'trailer';
export type HidPosLayoutOption = HidPosLayout | 'auto';

export const HID_POS_REPORT_ID = 0x02;
/** Report size including the report ID byte; hidapi may hand us 64 bytes (ID kept) or 63 (ID stripped). */
export const HID_POS_REPORT_SIZE = 64;
/** Decoded-data bytes one report can carry in both layouts. */
export const HID_POS_MAX_DATA = 56;
/** Continuation reports follow within a few USB polling intervals; a longer gap means one was lost. */
export const DEFAULT_CONTINUATION_TIMEOUT_MS = 150;
/** Longer than any code a carton can carry; stops a stuck "continued" flag from growing a buffer forever. */
export const MAX_SCAN_BYTES = 4096;

/** Offsets inside the 64-byte report with the report ID at 0. */
const LENGTH_AT = 1;
const FLAGS_AT = 63;
const CONTINUED = 0x01;
const LAYOUT: Record<HidPosLayout, { dataAt: number; dataEnd: number }> = {
  /** Honeywell / Access-IS: `]` + code + modifier at 2–4, data at 5–60, vendor code id at 61–62. */
  aim: { dataAt: 5, dataEnd: 61 },
  /** Newland: data at 2–57, reserved 58–61, vendor symbology byte at 62. */
  trailer: { dataAt: 2, dataEnd: 58 },
};
const TRAILER_SYMBOLOGY_AT = 62;

export type HidPosErrorReason =
  | 'report-size'
  | 'report-bytes'
  | 'report-id'
  | 'length'
  | 'padding'
  | 'flags'
  | 'layout'
  | 'continuation-short'
  | 'continuation-mismatch'
  | 'continuation-missing'
  | 'too-long'
  | 'not-text'
  | 'empty';

export type HidPosResult =
  | { kind: 'scan'; text: string; symbology: string; layout: HidPosLayout; reports: number }
  | { kind: 'partial' }
  | { kind: 'error'; reason: HidPosErrorReason; detail: string };

export type HidPosError = Extract<HidPosResult, { kind: 'error' }>;

export interface HidPosDecoderOptions {
  /** 'auto' (default) detects the layout from the first good report and keeps it until `reset()`. */
  layout?: HidPosLayoutOption;
  continuationTimeoutMs?: number;
}

export interface HidPosDecoder {
  /**
   * Feeds one input report (with or without the leading report ID). `atMs`, when given, is
   * when it arrived: a report more than the continuation timeout after a "continued" one
   * means the continuation was lost, and both are refused.
   */
  push(report: Uint8Array | readonly number[], atMs?: number): HidPosResult;
  /** Call from a timer: a continuation still pending past its timeout is dropped as an error. */
  expire(atMs: number): HidPosError | undefined;
  /** Whether a "continued" report is waiting for the rest of its code. */
  pending(): boolean;
  /** The layout in use: the forced one, or the one detected so far in 'auto'. */
  layout(): HidPosLayout | undefined;
  /** Forgets a pending continuation and, in 'auto', the detected layout (a new device may differ). */
  reset(): void;
}

interface ParsedReport {
  layout: HidPosLayout;
  symbology: string;
  data: Uint8Array;
  continued: boolean;
}

interface Pending {
  layout: HidPosLayout;
  symbology: string;
  chunks: Uint8Array[];
  size: number;
  lastAt: number | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function createHidPosDecoder(options: HidPosDecoderOptions = {}): HidPosDecoder {
  const forced = options.layout && options.layout !== 'auto' ? options.layout : undefined;
  const timeoutMs = options.continuationTimeoutMs ?? DEFAULT_CONTINUATION_TIMEOUT_MS;
  let detected: HidPosLayout | undefined;
  let pending: Pending | undefined;

  function fail(reason: HidPosErrorReason, detail: string): HidPosError {
    const lost = pending ? ` (the ${pending.size} bytes of an unfinished scan were discarded)` : '';
    pending = undefined;
    return { kind: 'error', reason, detail: detail + lost };
  }

  return {
    push(input, atMs) {
      if (pending && atMs !== undefined && pending.lastAt !== undefined && atMs - pending.lastAt > timeoutMs) {
        return fail('continuation-missing', `a "continued" report was not followed within ${timeoutMs} ms; this report was dropped too`);
      }
      const bytes = toReport(input);
      if ('reason' in bytes) return fail(bytes.reason, bytes.detail);
      const parsed = parseReport(bytes, forced ?? detected);
      if ('reason' in parsed) return fail(parsed.reason, parsed.detail);
      if (!forced) detected = parsed.layout;

      if (pending && pending.symbology !== parsed.symbology) {
        return fail('continuation-mismatch', `a continuation report carried symbology "${parsed.symbology}" after "${pending.symbology}"`);
      }
      const current: Pending = pending ?? { layout: parsed.layout, symbology: parsed.symbology, chunks: [], size: 0, lastAt: atMs };
      current.chunks.push(parsed.data);
      current.size += parsed.data.length;
      current.lastAt = atMs;
      if (current.size > MAX_SCAN_BYTES) return fail('too-long', `more than ${MAX_SCAN_BYTES} bytes of continued reports`);
      if (parsed.continued) {
        pending = current;
        return { kind: 'partial' };
      }
      pending = undefined;
      return finish(current);
    },
    expire(atMs) {
      if (!pending || pending.lastAt === undefined || atMs - pending.lastAt < timeoutMs) return undefined;
      return fail('continuation-missing', `a "continued" report was not followed within ${timeoutMs} ms`);
    },
    pending: () => pending !== undefined,
    layout: () => forced ?? detected,
    reset() {
      pending = undefined;
      detected = undefined;
    },
  };
}

/** Accepts 64 bytes starting with report ID 0x02, or the 63 bytes hidapi leaves when it strips the ID. */
function toReport(input: Uint8Array | readonly number[]): Uint8Array | { reason: HidPosErrorReason; detail: string } {
  if (input.length !== HID_POS_REPORT_SIZE && input.length !== HID_POS_REPORT_SIZE - 1) {
    return {
      reason: 'report-size',
      detail: `a ${input.length}-byte report; expected ${HID_POS_REPORT_SIZE} (or ${HID_POS_REPORT_SIZE - 1} without the report ID)`,
    };
  }
  if (!(input instanceof Uint8Array)) {
    for (const value of input) {
      if (!Number.isInteger(value) || value < 0 || value > 0xff)
        return { reason: 'report-bytes', detail: 'the report holds a value that is not a byte' };
    }
  }
  if (input.length === HID_POS_REPORT_SIZE) {
    if (input[0] !== HID_POS_REPORT_ID) {
      return { reason: 'report-id', detail: `report ID 0x${hex(input[0] ?? 0)}; scanned data comes in report 0x02` };
    }
    return Uint8Array.from(input);
  }
  const report = new Uint8Array(HID_POS_REPORT_SIZE);
  report[0] = HID_POS_REPORT_ID;
  report.set(input, 1);
  return report;
}

function parseReport(report: Uint8Array, layout: HidPosLayout | undefined): ParsedReport | { reason: HidPosErrorReason; detail: string } {
  const flags = report[FLAGS_AT] ?? 0;
  if ((flags & ~CONTINUED) !== 0)
    return { reason: 'flags', detail: `flag byte 0x${hex(flags)}; only bit 0 ("decode data continued") is defined` };
  if (layout) return parseAs(report, layout);
  // Auto: a report that checks out as the Honeywell/Access-IS layout is taken as such; otherwise Newland's.
  const asAim = parseAs(report, 'aim');
  if (!('reason' in asAim)) return asAim;
  const asTrailer = parseAs(report, 'trailer');
  if (!('reason' in asTrailer)) return asTrailer;
  return report[2] === AIM_FLAG ? asAim : asTrailer;
}

const AIM_FLAG = 0x5d; // ']'

function parseAs(report: Uint8Array, layout: HidPosLayout): ParsedReport | { reason: HidPosErrorReason; detail: string } {
  const { dataAt, dataEnd } = LAYOUT[layout];
  const length = report[LENGTH_AT] ?? 0;
  const continued = ((report[FLAGS_AT] ?? 0) & CONTINUED) !== 0;
  let symbology: string;
  if (layout === 'aim') {
    const code = report[3] ?? 0;
    const modifier = report[4] ?? 0;
    if (report[2] !== AIM_FLAG || !isAimCode(code) || !isAimModifier(modifier)) {
      return { reason: 'layout', detail: 'no AIM symbology identifier (]cm) at bytes 2–4' };
    }
    symbology = String.fromCharCode(AIM_FLAG, code, modifier);
  } else {
    const id = report[TRAILER_SYMBOLOGY_AT] ?? 0;
    symbology = id > 0x20 && id < 0x7f ? String.fromCharCode(id) : '';
  }
  if (length === 0 || length > HID_POS_MAX_DATA) {
    return { reason: 'length', detail: `length byte ${length}; a report carries 1–${HID_POS_MAX_DATA} data bytes` };
  }
  const data = report.subarray(dataAt, dataAt + length);
  const firstZero = data.indexOf(0);
  if (firstZero !== -1) {
    return { reason: 'length', detail: `length byte ${length} but the data ends after ${firstZero} bytes` };
  }
  for (let at = dataAt + length; at < dataEnd; at += 1) {
    if (report[at] !== 0) return { reason: 'padding', detail: `data continues past the length byte (${length}) at byte ${at}` };
  }
  if (continued && length !== HID_POS_MAX_DATA) {
    return {
      reason: 'continuation-short',
      detail: `"continued" is set on a report with ${length} data bytes; only full reports (${HID_POS_MAX_DATA}) continue`,
    };
  }
  return { layout, symbology, data: Uint8Array.from(data), continued };
}

function finish(scan: Pending): HidPosResult {
  const bytes = new Uint8Array(scan.size);
  let at = 0;
  for (const chunk of scan.chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'error', reason: 'not-text', detail: 'the scanned data is not valid UTF-8 text' };
  }
  // Scanners are often set to add a CR (or CR LF) suffix; it is a terminator, not part of the code.
  text = text.replace(/\r?\n$|\r$/, '');
  if (text === '') return { kind: 'error', reason: 'empty', detail: 'the scan held only a line terminator' };
  return { kind: 'scan', text, symbology: scan.symbology, layout: scan.layout, reports: scan.chunks.length };
}

/** AIM code characters are letters (ISO/IEC 15424); modifiers are a digit or letter. */
function isAimCode(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}
function isAimModifier(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || isAimCode(byte);
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
