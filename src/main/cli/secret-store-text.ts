import type { ConnectionInfo } from '../../shared/contract';
import type { Locale } from '../../shared/errors';

type StoreFacts = Pick<ConnectionInfo, 'secretProtection' | 'secretNotices' | 'secretsSet' | 'secretStore'>;

const PROTECTION: Record<ConnectionInfo['secretProtection'], Record<Locale, string>> = {
  keychain: { 'zh-CN': '已用系统钥匙串中的密钥加密', en: 'sealed with a key in the OS keychain' },
  'owner-only-file': {
    'zh-CN': '明文文件，仅当前用户可读（本机没有可用的钥匙串）',
    en: 'plain file readable by this user only (no usable OS keychain here)',
  },
  memory: { 'zh-CN': '仅在内存中', en: 'in memory only' },
  environment: { 'zh-CN': '来自环境变量', en: 'from environment variables' },
};

/** The `info` line: where secrets are and how they are protected. */
export function describeSecretStore(facts: StoreFacts, locale: Locale): string {
  return `${locale === 'zh-CN' ? '密钥' : 'Secrets'}: ${facts.secretStore} (${PROTECTION[facts.secretProtection][locale]})`;
}

/**
 * What every command prints on stderr before its work: the plain-file warning while any secret is kept there
 * (never silence), and what opening the store did with older files.
 */
export function secretStoreWarnings(facts: StoreFacts, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  const lines: string[] = [];
  if (facts.secretProtection === 'owner-only-file' && Object.values(facts.secretsSet).some(Boolean)) {
    lines.push(
      zh
        ? `警告：本机没有可用的系统钥匙串，密钥以明文保存在 ${facts.secretStore}（仅当前用户可读）。请配置钥匙串（Linux 上为 Secret Service，如 GNOME 密钥环）。`
        : `Warning: no usable OS keychain here; secrets are kept in a plain file readable by this user only: ${facts.secretStore}. Set up a keychain (on Linux a Secret Service such as GNOME Keyring).`,
    );
  }
  for (const notice of facts.secretNotices) lines.push(NOTICE_TEXT[notice.kind](notice.file)[locale]);
  return lines;
}

const NOTICE_TEXT: Record<ConnectionInfo['secretNotices'][number]['kind'], (file: string) => Record<Locale, string>> = {
  moved: (file) => ({
    'zh-CN': `已将 ${file} 中的密钥移入统一的密钥存储。`,
    en: `Moved the secrets in ${file} into the one secret store.`,
  }),
  'left-behind': (file) => ({
    'zh-CN': `${file} 中的旧密钥只能由桌面应用打开：请在本机启动一次应用以完成迁移。`,
    en: `The older secrets in ${file} can only be opened by the desktop app: start it once on this computer to move them.`,
  }),
  'set-aside': (file) => ({
    'zh-CN': `保存的密钥所用的加密密钥已不在钥匙串中，原文件已另存为 ${file}；请重新输入凭据。`,
    en: `The saved secrets were sealed with a key the keychain no longer has; they were put aside in ${file}. Enter the credentials again.`,
  }),
};
