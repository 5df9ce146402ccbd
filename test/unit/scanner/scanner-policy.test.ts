import { describe, expect, it } from 'vitest';
import { attemptCurrent, beepDecision, failureIsNews, scannerStatus, shouldRetry, startAction } from '@main/scanner/scanner-policy';

const CHOICE = { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', usagePage: 0x8c, product: 'Xenon 1950g' };

describe('scanner policy', () => {
  it.each([
    ['chosen, node-hid there, idle', { chosen: true, available: true, state: 'idle' }, 'connect'],
    ['nothing chosen', { chosen: false, available: true, state: 'idle' }, 'publish'],
    ['no node-hid', { chosen: true, available: false, state: 'idle' }, 'publish'],
    ['already under way', { chosen: true, available: true, state: 'disconnected' }, 'publish'],
    ['already connected', { chosen: true, available: true, state: 'connected' }, 'publish'],
  ] as const)('start: %s → %s', (_name, facts, action) => {
    expect(startAction(facts)).toBe(action);
  });

  it.each([
    [{ closed: false, chosen: true }, true],
    [{ closed: false, chosen: false }, false],
    [{ closed: true, chosen: true }, false],
  ])('retry %j: %s', (facts, retry) => {
    expect(shouldRetry(facts)).toBe(retry);
  });

  it.each([
    ['still the same choice', { wanted: 3, generation: 3, closed: false }, true],
    ['select/forget since', { wanted: 3, generation: 4, closed: false }, false],
    ['closed', { wanted: 3, generation: 3, closed: true }, false],
  ])('an open that finishes: %s → used %s', (_name, facts, current) => {
    expect(attemptCurrent(facts)).toBe(current);
  });

  it.each([
    ['first failure', { state: 'connected', lastErrorCode: undefined, code: 'HID_SCANNER_DISCONNECTED' }, true],
    [
      'the same again while retrying',
      { state: 'disconnected', lastErrorCode: 'HID_SCANNER_NOT_FOUND', code: 'HID_SCANNER_NOT_FOUND' },
      false,
    ],
    [
      'another failure while retrying',
      { state: 'disconnected', lastErrorCode: 'HID_SCANNER_DISCONNECTED', code: 'HID_SCANNER_NOT_FOUND' },
      true,
    ],
    ['the same code after a connection', { state: 'connected', lastErrorCode: 'HID_OPEN_FAILED', code: 'HID_OPEN_FAILED' }, true],
  ] as const)('log: %s → %s', (_name, facts, news) => {
    expect(failureIsNews(facts)).toBe(news);
  });

  it.each([
    [{ connected: false, refusedBefore: false, layout: 'aim' }, 'not-connected'],
    [{ connected: false, refusedBefore: true, layout: 'trailer' }, 'not-connected'],
    [{ connected: true, refusedBefore: false, layout: undefined }, 'send'],
    [{ connected: true, refusedBefore: false, layout: 'aim' }, 'send'],
    [{ connected: true, refusedBefore: true, layout: 'aim' }, 'unsupported'],
    [{ connected: true, refusedBefore: false, layout: 'trailer' }, 'unsupported'],
  ] as const)('beep %j → %s', (facts, decision) => {
    expect(beepDecision(facts)).toBe(decision);
  });

  it('status: idle without node-hid whatever was chosen, with the reason; the choice and last error otherwise', () => {
    expect(scannerStatus({ hid: { ok: false, reason: 'no libudev' }, state: 'connected', choice: CHOICE, lastError: undefined })).toEqual({
      available: false,
      reason: 'no libudev',
      state: 'idle',
      selected: CHOICE,
    });
    const lastError = { code: 'HID_OPEN_FAILED', message: 'm', localized: { en: { message: 'm' }, 'zh-CN': { message: 'm' } } };
    expect(scannerStatus({ hid: { ok: true }, state: 'disconnected', choice: CHOICE, lastError })).toEqual({
      available: true,
      state: 'disconnected',
      selected: CHOICE,
      last_error: lastError,
    });
    expect(scannerStatus({ hid: { ok: true }, state: 'idle', choice: undefined, lastError: undefined })).toEqual({
      available: true,
      state: 'idle',
    });
  });
});
