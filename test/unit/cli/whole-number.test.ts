import { describe, expect, it } from 'vitest';
import { applicationReference, readWholeNumber, wholeNumberArgument } from '@main/cli/whole-number';
import { isAppError } from '@shared/errors';

describe('readWholeNumber: plain decimal digits only, exact up to 2^53 − 1', () => {
  it.each([
    ['0', { ok: true, value: 0 }],
    ['100000', { ok: true, value: 100000 }],
    ['007', { ok: true, value: 7 }],
    ['9007199254740991', { ok: true, value: 9007199254740991 }],
    ['0009007199254740991', { ok: true, value: 9007199254740991 }],
    ['9007199254740992', { ok: false, problem: 'tooLarge' }],
    ['12345678901234567890', { ok: false, problem: 'tooLarge' }],
    ['1e5', { ok: false, problem: 'notDigits' }],
    ['0x186A0', { ok: false, problem: 'notDigits' }],
    ['100000.0', { ok: false, problem: 'notDigits' }],
    ['1_000', { ok: false, problem: 'notDigits' }],
    ['+5', { ok: false, problem: 'notDigits' }],
    ['-1', { ok: false, problem: 'notDigits' }],
    [' 5', { ok: false, problem: 'notDigits' }],
    ['5 ', { ok: false, problem: 'notDigits' }],
    ['١٢', { ok: false, problem: 'notDigits' }],
    ['Infinity', { ok: false, problem: 'notDigits' }],
    ['', { ok: false, problem: 'missing' }],
    [undefined, { ok: false, problem: 'missing' }],
    [true, { ok: false, problem: 'missing' }],
  ] as const)('%j → %j', (text, expected) => {
    expect(readWholeNumber(text)).toEqual(expected);
  });
});

describe('applicationReference', () => {
  it.each([
    ['581865877', 581865877],
    ['9007199254740991', 9007199254740991],
    // Beyond 2^53 the digits are kept exactly, as text (looked up as an isv_application_id), never rounded.
    ['12345678901234567890', '12345678901234567890'],
    ['line3-2026-11', 'line3-2026-11'],
    ['1e5', '1e5'],
  ] as const)('%s → %j', (text, expected) => {
    expect(applicationReference(text)).toBe(expected);
  });
});

describe('wholeNumberArgument', () => {
  it('returns the value inside the range', () => {
    expect(wholeNumberArgument('--start', '42', { max: 100 })).toBe(42);
  });

  it.each(['1e5', '0x186A0', '100000.0', '101', '12345678901234567890', ''])('refuses %j in both languages', (text) => {
    let thrown: unknown;
    try {
      wholeNumberArgument('--start', text, { max: 100 });
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown) && thrown.code).toBe('CLI_BAD_ARGUMENT');
    if (!isAppError(thrown)) return;
    expect(thrown.localized.en.message).toContain('a whole number from 0 to 100, in plain digits');
    expect(thrown.localized['zh-CN'].message).toContain('0 到 100 之间的整数');
  });
});
