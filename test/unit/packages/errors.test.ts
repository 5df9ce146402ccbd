import { describe, expect, it } from 'vitest';
import {
  PACKAGE_ERROR_CODES,
  checkPackage,
  isPackageError,
  openSegmentPackage,
  type PackageError,
  type PackageSegmentRange,
} from '@main/packages';
import { AppError } from '@shared/errors';
import { OTHER_KEY, SERVICE_KEY, expectTranslated, packageErrorOf, simulatorPackage } from './support';

describe('package errors', () => {
  it('every code is reachable, an AppError, translated in zh-CN and en with a hint, naming segment and first bad line', () => {
    const pkg = simulatorPackage('index_code_url', 200, 20);
    const [first, second] = pkg.plaintext.toString().split('\n') as [string, string];
    const two = { ...pkg.range, codeEnd: 201 };
    const long = { ...pkg.range, codeEnd: 250 };
    const cases: { make: () => unknown; range?: PackageSegmentRange; line?: number }[] = [
      { make: () => openSegmentPackage(pkg.buffer, 'short', pkg.range), range: pkg.range },
      { make: () => openSegmentPackage(pkg.buffer, SERVICE_KEY, { ...pkg.range, codeEnd: 1 }) },
      { make: () => openSegmentPackage('', SERVICE_KEY, pkg.range), range: pkg.range },
      { make: () => openSegmentPackage(pkg.buffer.slice(0, -4), SERVICE_KEY, pkg.range), range: pkg.range },
      { make: () => openSegmentPackage(pkg.buffer, OTHER_KEY, pkg.range), range: pkg.range, line: 1 },
      { make: () => checkPackage(Buffer.from(`${first}\n${second.toLowerCase()}`), two), range: two, line: 2 },
      {
        make: () => checkPackage(Buffer.from(`${first.replace(',', ',123456789,')}\n${second.replace(',', ',223456789,')}`), two),
        range: two,
        line: 1,
      },
      { make: () => checkPackage(Buffer.from(`${second}\n${first}`), two), range: two, line: 1 },
      { make: () => checkPackage(pkg.plaintext, long), range: long, line: 21 },
      { make: () => checkPackage(Buffer.from(`${first}\n${second.slice(0, 4)}${first.slice(4)}`), two), range: two, line: 2 },
    ];
    const errors = cases.map(({ make }) => packageErrorOf(make));
    expect(errors.map((error) => error.code)).toEqual([...PACKAGE_ERROR_CODES]);
    for (const [k, error] of errors.entries() as IterableIterator<[number, PackageError]>) {
      expect(error).toBeInstanceOf(AppError);
      expect(isPackageError(error)).toBe(true);
      expect(error.name).toBe('PackageError');
      expectTranslated(error, cases[k]!.range, cases[k]!.line);
      expect(JSON.stringify(error.toPayload())).not.toContain(SERVICE_KEY);
    }
    expect(isPackageError(new AppError('X', { 'zh-CN': { message: 'x' }, en: { message: 'x' } }))).toBe(false);
  });
});
