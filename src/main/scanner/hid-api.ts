/**
 * The parts of node-hid, timers and logging the scanner uses. The real module
 * fits these shapes, and so do the tests' fakes.
 */
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

export const realTimers: TimerApi = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One timer slot: setting it again replaces what was pending. */
export interface TimerSlot {
  set(callback: () => void, ms: number): void;
  clear(): void;
}

export function createTimerSlot(timers: TimerApi): TimerSlot {
  let handle: unknown;
  const clear = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };
  return {
    set(callback, ms) {
      clear();
      handle = timers.setTimeout(() => {
        handle = undefined;
        callback();
      }, ms);
    },
    clear,
  };
}
