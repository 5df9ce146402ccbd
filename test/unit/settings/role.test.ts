import { describe, expect, it } from 'vitest';
import { settingRole } from '@main/settings';
import { settingSchemas, type SettingKey } from '@shared/contract';

describe('settingRole: who may change a setting', () => {
  const operator = new Set<SettingKey>(['locale', 'soundVolume']);
  it.each(Object.keys(settingSchemas) as SettingKey[])('%s', (key) => {
    expect(settingRole(key)).toBe(operator.has(key) ? 'operator' : 'supervisor');
  });
});
