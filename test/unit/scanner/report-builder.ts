/**
 * Builds HID POS input reports the way the vendors' documents describe the scanner doing it
 * (docs/scanners.md): split the data into 56-byte pieces, one 64-byte report each, zero padded,
 * "continued" on every report but the last. Used by the property tests and the fake node-hid.
 */
export type BuildLayout = 'aim' | 'trailer';

export interface BuildOptions {
  layout: BuildLayout;
  /** AIM id (aim layout), e.g. `]Q1`. */
  aim?: string;
  /** Vendor code id byte: byte 61 (aim layout) or byte 62 (trailer layout). */
  vendorId?: number;
  /** Drop the report ID, as hidapi does on some platforms (63-byte reports). */
  withoutReportId?: boolean;
}

export function buildReports(data: Uint8Array | string, options: BuildOptions): Uint8Array[] {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += 56) {
    const chunk = bytes.subarray(offset, offset + 56);
    const report = new Uint8Array(64);
    report[0] = 0x02;
    report[1] = chunk.length;
    if (options.layout === 'aim') {
      report.set(new TextEncoder().encode(options.aim ?? ']Q1'), 2);
      report.set(chunk, 5);
      report[61] = options.vendorId ?? 0x73;
    } else {
      report.set(chunk, 2);
      report[62] = options.vendorId ?? 0x51;
    }
    report[63] = offset + 56 < bytes.length ? 0x01 : 0x00;
    reports.push(options.withoutReportId ? report.subarray(1) : report);
  }
  return reports;
}

/** Which byte positions of a report carry decoded data (the rest is framing). */
export function dataPositions(report: Uint8Array, layout: BuildLayout): Set<number> {
  const shift = report.length === 64 ? 0 : 1;
  const length = report[1 - shift] ?? 0;
  const start = (layout === 'aim' ? 5 : 2) - shift;
  const positions = new Set<number>();
  for (let at = start; at < start + length; at += 1) positions.add(at);
  return positions;
}
