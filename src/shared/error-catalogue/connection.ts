/** Why the connection cannot be saved or used (src/main/connection), and why saved credentials cannot be read (src/main/secrets). */
import { defineErrors, type CodeOf } from '../define-errors';

/** The settings Live needs, in words, by the names the connection and the secret store use. */
const SETTING_NAMES: Record<string, { zh: string; en: string }> = {
  appid: { zh: 'AppID', en: 'AppID' },
  appSecret: { zh: 'AppSecret', en: 'app secret' },
  accessToken: { zh: '访问令牌', en: 'access token' },
  tokenUrl: { zh: '令牌地址', en: 'token URL' },
  serviceKey: { zh: '服务密钥', en: 'service key' },
  baseUrl: { zh: '服务地址', en: 'service address' },
};
const settingNames = (missing: readonly string[], locale: 'zh' | 'en', separator: string): string =>
  missing.map((name) => SETTING_NAMES[name]?.[locale] ?? name).join(separator);

export const connectionErrors = defineErrors({
  CONNECTION_INCOMPLETE: {
    en: (p: { missing: readonly string[] }) => `Live mode is missing: ${settingNames(p.missing, 'en', ', ')}.`,
    'zh-CN': (p) => `正式模式缺少：${settingNames(p.missing, 'zh', '、')}。`,
    hint: { en: 'Fill them in under Settings → Connection, then switch to Live.', 'zh-CN': '请在“设置 → 连接”中填写后再切换到正式模式。' },
    details: (p) => ({ missing: p.missing.join(',') }),
  },
  CONNECTION_INSECURE_URL: {
    en: (p: { field: string; scheme: string; host: string }) =>
      p.scheme === ''
        ? `Live mode cannot use the ${settingNames([p.field], 'en', '')}: it is not a full https:// address.`
        : `Live mode cannot use the ${settingNames([p.field], 'en', '')} over ${p.scheme}:// (${p.host}): only https:// is allowed.`,
    'zh-CN': (p) =>
      p.scheme === ''
        ? `正式模式不能使用该${settingNames([p.field], 'zh', '')}：它不是完整的 https:// 地址。`
        : `正式模式不能通过 ${p.scheme}://（${p.host}）使用${settingNames([p.field], 'zh', '')}：只允许 https://。`,
    hint: {
      en: 'Enter the https:// address. Plain http:// is only for 127.0.0.1, ::1 or localhost (the simulator and tests).',
      'zh-CN': '请填写 https:// 地址。http:// 只用于 127.0.0.1、::1 或 localhost（模拟器和测试）。',
    },
  },
  CONNECTION_FROM_ENVIRONMENT: {
    en: 'The connection comes from MARKETCODE_* environment variables and cannot be changed here.',
    'zh-CN': '当前连接来自环境变量（MARKETCODE_*），不能在此修改。',
    hint: { en: 'Change or unset those variables.', 'zh-CN': '请修改或清除这些环境变量。' },
  },
  SECRET_STORE_UNREADABLE: {
    en: (p: { file: string }) => `The saved credentials could not be read (${p.file}).`,
    'zh-CN': (p) => `无法读取保存的凭据（${p.file}）。`,
    hint: {
      en: 'Enter the credentials again in Settings → Connection; credentials do not move with a copied data folder.',
      'zh-CN': '请在“设置 → 连接”中重新输入凭据；如在另一台电脑或用户下复制了数据目录，需要重新输入。',
    },
  },
  SECRET_KEYCHAIN_UNREACHABLE: {
    en: 'The saved credentials are sealed with the operating system keychain, which cannot be reached right now.',
    'zh-CN': '保存的凭据由操作系统钥匙串加密，目前无法访问钥匙串。',
    hint: {
      en: 'Unlock the keychain (log in to the desktop session of this user) and try again; over SSH, use MARKETCODE_* environment variables instead.',
      'zh-CN': '请解锁钥匙串（以该用户登录桌面会话）后重试；通过 SSH 使用时，请改用 MARKETCODE_* 环境变量。',
    },
  },
});

export type ConnectionErrorCode = CodeOf<typeof connectionErrors>;
