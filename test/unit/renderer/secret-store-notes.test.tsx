// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { SecretStoreNotes } from '@renderer/screens/settings/SecretStoreNotes';
import { useAppStore } from '@renderer/store/app-store';
import { appInfo, renderInto } from './support/render';

async function show(locale: 'en' | 'zh-CN', info: Parameters<typeof SecretStoreNotes>[0]['info']) {
  act(() => useAppStore.setState({ load: { status: 'ready' }, info: appInfo, settings: { locale }, screen: 'settings' }));
  return renderInto(<SecretStoreNotes info={info} />);
}

describe('Settings → Connection: how secrets are kept', () => {
  it('warns, in both languages, when there is no keychain and secrets sit in a plain file', async () => {
    const en = await show('en', { secretProtection: 'owner-only-file', secretNotices: [] });
    expect(en.querySelector('[data-testid="secret-store-warning"]')?.textContent).toMatch(/no usable keychain.*plain file/);
    const zh = await show('zh-CN', { secretProtection: 'owner-only-file', secretNotices: [] });
    expect(zh.querySelector('[role="alert"]')?.textContent).toContain('没有可用的系统钥匙串');
  });

  it('shows no warning with the keychain, and says what was moved or left behind', async () => {
    const view = await show('en', {
      secretProtection: 'keychain',
      secretNotices: [
        { kind: 'moved', file: 'secrets.json' },
        { kind: 'left-behind', file: 'secrets.sealed.json' },
        { kind: 'set-aside', file: 'secrets.json.unreadable-1' },
      ],
    });
    expect(view.querySelector('[data-testid="secret-store-warning"]')).toBeNull();
    const notices = [...view.querySelectorAll('[data-testid="secret-store-notice"]')].map((node) => node.textContent);
    expect(notices).toEqual([
      'Saved secrets were moved from secrets.json into this store.',
      'Older secrets in secrets.sealed.json could not be moved here: start the desktop app once on this computer to move them.',
      "The saved secrets were sealed with a key this computer's keychain no longer has; they were put aside in secrets.json.unreadable-1. Enter the credentials again.",
    ]);
  });
});
