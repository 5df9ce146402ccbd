/**
 * A stand-in for node-hid: devices that can be listed, opened (HIDAsync or HID), fed input
 * reports, unplugged and plugged back in (possibly under a new path, as Linux renumbers hidraw
 * nodes), and that record what is written to them. Plus a manual clock for the service's timers.
 */
import { EventEmitter } from 'node:events';
import type { HidApi, HidDeviceInfoLike, HidHandle, TimerApi } from '@main/scanner';

export interface FakeDevice {
  info: HidDeviceInfoLike & { path: string };
  plugged: boolean;
  /** Makes every open fail with this message (e.g. a missing udev rule). */
  openError?: string;
  /** Makes writes throw (a device without output report 0x04). */
  refuseWrites?: boolean;
  writes: number[][];
}

class FakeHandle extends EventEmitter implements HidHandle {
  closed = false;
  constructor(readonly device: FakeDevice) {
    super();
  }
  write(values: number[]): number {
    if (this.closed) throw new Error('Cannot write to a closed HID device');
    if (this.device.refuseWrites || !this.device.plugged) throw new Error('Cannot write to hid device');
    this.device.writes.push([...values]);
    return values.length;
  }
  close(): void {
    this.closed = true;
    this.removeAllListeners();
  }
}

export interface FakeHid {
  api: HidApi;
  devices: FakeDevice[];
  opens: number;
  add(info: HidDeviceInfoLike & { path: string }, plugged?: boolean): FakeDevice;
  /** Input reports from the device, as node-hid's 'data' events. */
  send(device: FakeDevice, reports: readonly Uint8Array[]): void;
  unplug(device: FakeDevice): void;
  replug(device: FakeDevice, newPath?: string): void;
  openHandles(device: FakeDevice): FakeHandle[];
}

export function createFakeHid(options: { async?: boolean } = {}): FakeHid {
  const devices: FakeDevice[] = [];
  const handles: FakeHandle[] = [];
  const fake: FakeHid = {
    api: undefined as unknown as HidApi,
    devices,
    opens: 0,
    add(info, plugged = true) {
      const device: FakeDevice = { info: { ...info }, plugged, writes: [] };
      devices.push(device);
      return device;
    },
    send(device, reports) {
      for (const handle of fake.openHandles(device)) {
        for (const report of reports) handle.emit('data', Buffer.from(report));
      }
    },
    unplug(device) {
      device.plugged = false;
      for (const handle of fake.openHandles(device)) handle.emit('error', new Error('could not read from HID device'));
    },
    replug(device, newPath) {
      if (newPath) device.info.path = newPath;
      device.plugged = true;
    },
    openHandles: (device) => handles.filter((handle) => handle.device === device && !handle.closed),
  };

  function openSync(path: string): FakeHandle {
    fake.opens += 1;
    const device = devices.find((candidate) => candidate.plugged && candidate.info.path === path);
    if (!device) throw new Error('could not open device');
    if (device.openError) throw new Error(device.openError);
    const handle = new FakeHandle(device);
    handles.push(handle);
    return handle;
  }

  const listing = () => devices.filter((device) => device.plugged).map((device) => ({ ...device.info }));
  const HID = function (path: string) {
    return openSync(path);
  } as unknown as NonNullable<HidApi['HID']>;
  fake.api =
    options.async === false
      ? { devices: listing, HID }
      : {
          devices: listing,
          devicesAsync: async () => listing(),
          HIDAsync: { open: async (path: string) => openSync(path) },
        };
  return fake;
}

/** setTimeout/clearTimeout on a clock that only moves when told to. */
export function createManualClock() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: TimerApi = {
    setTimeout(callback, ms) {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    now: () => now,
    pendingCount: () => pending.size,
    /** Moves time on, running each timer that falls due, and lets the promises it starts settle. */
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await settle();
      }
      now = until;
      await settle();
    },
  };
}

/** Lets pending promise chains (enumerate → open → publish) run to the end. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await new Promise((resolve) => setImmediate(resolve));
}
