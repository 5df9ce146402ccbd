import { createCipheriv } from 'node:crypto';
import { expect } from 'vitest';
import { PackageError, type CheckedSegment, type PackageSegmentRange, type ParsedCode } from '@main/packages';
import {
  DEMO_ACCOUNT,
  buildPackageText,
  createCodeGenerator,
  encryptPackage,
  type CodeGenerator,
  type PackageLayout,
} from '@main/simulator';

export const SERVICE_KEY = DEMO_ACCOUNT.serviceKey;
export const OTHER_KEY = 'AnotherKey-16chr';
export const generator = createCodeGenerator('packages-tests');

export interface TestPackage {
  range: PackageSegmentRange;
  plaintext: Buffer;
  buffer: string;
  rows: ParsedCode[];
}

/** What the simulator would hand out for a segment: serials = application indices (serialStart 0). */
export function expectedRows(range: PackageSegmentRange, withCode: boolean, codes: CodeGenerator = generator): ParsedCode[] {
  const rows: ParsedCode[] = [];
  for (let index = range.codeStart; index <= range.codeEnd; index++) {
    rows.push({ codeIndex: index, code: withCode ? codes.codeAt(index) : null, codeUrl: codes.codeUrlAt(index) });
  }
  return rows;
}

/** The extra columns the simulator writes in a layout (docs/simulator.md): a 12-digit WeChat code, a lot number. */
export function simulatorExtras(layout: PackageLayout, serial: number): string[] | undefined {
  if (layout === 'wechat_code_4col' || layout === 'header_4col') return [`8${String(serial).padStart(11, '0')}`];
  if (layout === 'short_wechat_code_4col') return [`W${String(serial % 100_000_000).padStart(8, '0')}`];
  if (layout === 'extra_trailing') return [`L${String(Math.floor(serial / 1_000) % 100_000).padStart(5, '0')}`];
  return undefined;
}

export function simulatorPackage(layout: PackageLayout, codeStart: number, count: number, applicationId = 7): TestPackage {
  const range = { applicationId, codeStart, codeEnd: codeStart + count - 1 };
  const plaintext = buildPackageText(generator, { serialStart: 0, ...range }, layout);
  const rows = expectedRows(range, layout !== 'url').map((row) => {
    const extras = simulatorExtras(layout, row.codeIndex);
    return extras ? { ...row, extras } : row;
  });
  return { range, plaintext, buffer: encryptPackage(plaintext, SERVICE_KEY), rows };
}

/** Lines written by hand (tab and comma variants the simulator does not emit). */
export function textPackage(text: string, codeStart: number, count: number, applicationId = 7): Omit<TestPackage, 'rows'> {
  const range = { applicationId, codeStart, codeEnd: codeStart + count - 1 };
  const plaintext = Buffer.from(text, 'utf8');
  return { range, plaintext, buffer: encryptPackage(plaintext, SERVICE_KEY) };
}

/** AES-128-CBC of already padded bytes (key = IV), to forge bad padding. */
export function encryptRaw(padded: Buffer, serviceKey = SERVICE_KEY): string {
  const key = Buffer.from(serviceKey, 'latin1');
  const cipher = createCipheriv('aes-128-cbc', key, key);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

export function allRows(segment: CheckedSegment, batchSize?: number): ParsedCode[] {
  const rows: ParsedCode[] = [];
  for (const batch of segment.batches(batchSize)) rows.push(...batch);
  return rows;
}

/** Runs `action`, expecting a PackageError, and returns it. */
export function packageErrorOf(action: () => unknown): PackageError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PackageError);
    return error as PackageError;
  }
  throw new Error('expected a PackageError, nothing was thrown');
}

const CJK = /[\u4e00-\u9fff]/;

/** Both locales have a message and a hint; zh-CN is Chinese; messages name the segment (and line). */
export function expectTranslated(error: PackageError, range?: PackageSegmentRange, line?: number): void {
  const zh = error.localized['zh-CN'];
  const en = error.localized.en;
  for (const text of [zh.message, zh.hint ?? '', en.message, en.hint ?? '']) expect(text.length).toBeGreaterThan(10);
  expect(zh.message).toMatch(CJK);
  expect(zh.hint).toMatch(CJK);
  // Quoted parts ("…") are the package's own text, which may be Chinese.
  expect(en.message.replace(/"[^"]*"/g, '')).not.toMatch(CJK);
  expect(error.message).toBe(en.message);
  if (range) {
    expect(en.message.toLowerCase()).toContain(`segment ${range.codeStart}–${range.codeEnd} of application ${range.applicationId}`);
    expect(zh.message).toContain(`申请单 ${range.applicationId} 的码段 ${range.codeStart}–${range.codeEnd}`);
  }
  if (line !== undefined) {
    expect(en.message).toMatch(new RegExp(`\\bline ${line}\\b`, 'i'));
    expect(zh.message).toContain(`第 ${line} 行`);
  }
  const payload = error.toPayload();
  expect(payload.code).toBe(error.code);
  expect(payload.localized).toEqual(error.localized);
}
