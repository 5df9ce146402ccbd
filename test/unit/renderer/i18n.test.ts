import { describe, expect, it } from 'vitest';
import { en } from '@renderer/i18n/en';
import { zhCN } from '@renderer/i18n/zh-CN';
import { localeFromSystem, translator } from '@renderer/i18n';

describe('i18n', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh_CN.UTF-8', 'zh-CN'],
    ['en-US', 'en'],
    ['de-DE', 'en'],
    ['', 'en'],
  ])('system locale %j → %s', (system, expected) => {
    expect(localeFromSystem(system)).toBe(expected);
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(translator('en')('settings.hidOff', { reason: 'no libusb' })).toBe(
      'HID scanning is off: no libusb. Keyboard-wedge scanners still work.',
    );
    expect(translator('zh-CN')('connection.testOk', { target: '内置模拟器', ms: 12 })).toBe(
      '连接成功：12 毫秒内从 内置模拟器 取得访问令牌。',
    );
    expect(translator('en')('connection.testOk', { ms: 5 })).toBe('Connected: got an access token from {target} in 5 ms.');
  });

  it('has a Chinese string for every key, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy();
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
