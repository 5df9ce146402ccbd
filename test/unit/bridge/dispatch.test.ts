import { operatorAccess } from '../support/access';
import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '@main/bridge';
import { ENVELOPE_ERROR } from '@shared/envelope';
import { AppError } from '@shared/errors';
import { CHANNEL_NAMES, type AppInfo, type Settings } from '@shared/contract';

const info: AppInfo = {
  productName: 'Marketcode Station',
  version: '1.2.3',
  mode: 'training',
  dataDir: '/tmp/x',
  liveCredentialsSet: false,
  systemLocale: 'zh-CN',
  hid: { available: false, reason: 'no libusb' },
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  let settings: Settings = { locale: null };
  const notUsedHere = Object.fromEntries(CHANNEL_NAMES.map((name) => [name, unused])) as unknown as Handlers;
  return {
    ...notUsedHere,
    'app.info': () => info,
    'settings.getAll': () => settings,
    'settings.set': (update) => {
      settings = { ...settings, [update.key]: update.value };
      return settings;
    },
    ...overrides,
  };
}

function unused(): never {
  throw new Error('not used by these tests');
}

describe('dispatch', () => {
  it('round-trips a valid request', async () => {
    const dispatch = createDispatch(handlers(), operatorAccess);
    expect(await dispatch('app.info', {})).toEqual({ ok: true, data: info });
    expect(await dispatch('settings.set', { key: 'locale', value: 'en' })).toEqual({ ok: true, data: { locale: 'en' } });
  });

  it.each([['nope'], [''], [42], [null], ['__proto__'], ['constructor']])('rejects unknown channel %j', async (channel) => {
    const envelope = await createDispatch(handlers(), operatorAccess)(channel, {});
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe(ENVELOPE_ERROR.unknownChannel);
      expect(envelope.error.localized['zh-CN'].message).toContain('未知');
      expect(envelope.error.localized.en.message).toContain('Unknown request channel');
    }
  });

  it.each([
    ['a string instead of an object', 'settings.set', 'locale', 'value'],
    ['an unknown key', 'settings.set', { key: 'colour', value: 'red' }, 'key'],
    ['a value of the wrong type', 'settings.set', { key: 'locale', value: 7 }, 'value'],
    ['a value outside the enum', 'settings.set', { key: 'locale', value: 'fr' }, 'value'],
    ['a missing field', 'settings.set', { key: 'locale' }, 'value'],
    ['an extra field', 'app.info', { sneaky: true }, '(request)'],
    ['an array', 'app.info', [], '(request)'],
  ])('rejects %s with INVALID_REQUEST', async (_label, channel, raw, field) => {
    const envelope = await createDispatch(handlers(), operatorAccess)(channel, raw);
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe(ENVELOPE_ERROR.invalidRequest);
      expect(envelope.error.details?.channel).toBe(channel);
      if (field !== 'value') expect(String(envelope.error.details?.field)).toBe(field);
      else expect(['value', '(request)']).toContain(envelope.error.details?.field);
    }
  });

  it('passes an AppError from a handler through with its code and translations', async () => {
    const dispatch = createDispatch(
      handlers({
        'app.info': () => {
          throw new AppError('LEDGER_TOO_NEW', { 'zh-CN': { message: '太新' }, en: { message: 'too new' } }, { current: 9 });
        },
      }),
      operatorAccess,
    );
    const envelope = await dispatch('app.info', {});
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'LEDGER_TOO_NEW',
        message: 'too new',
        localized: { 'zh-CN': { message: '太新' }, en: { message: 'too new' } },
        details: { current: 9 },
      },
    });
  });

  it('turns an unexpected throw into INTERNAL_ERROR without leaking the stack, and logs it', async () => {
    const logged: string[] = [];
    const dispatch = createDispatch(
      handlers({
        'app.info': () => {
          throw new Error('secret internals at /home/x');
        },
      }),
      operatorAccess,
      { error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`) },
    );
    const envelope = await dispatch('app.info', {});
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe(ENVELOPE_ERROR.internal);
      expect(JSON.stringify(envelope.error)).not.toContain('secret internals');
    }
    expect(logged.join('\n')).toContain('secret internals');
  });

  it('refuses a handler response outside the contract', async () => {
    const dispatch = createDispatch(handlers({ 'app.info': () => ({ ...info, version: 5 }) as unknown as AppInfo }), operatorAccess);
    const envelope = await dispatch('app.info', {});
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.code).toBe(ENVELOPE_ERROR.invalidResponse);
  });
});
