/**
 * The errors of the app's own plumbing: the bridge (envelope codes), the ledger
 * file and start-up. Dependency-free apart from define-errors, so the sandboxed
 * preload can use it too.
 */
import { defineErrors, type CodeOf } from '../define-errors';
import { isAppError, type AppErrorPayload } from '../errors';

export const appErrors = defineErrors({
  UNKNOWN_CHANNEL: {
    en: (p: { channel: string }) => `Unknown request channel: ${p.channel}`,
    'zh-CN': (p) => `未知的请求通道：${p.channel}`,
    hint: { en: 'Update the app; if this persists, contact IT.', 'zh-CN': '请更新应用；如问题持续，请联系 IT。' },
  },
  INVALID_REQUEST: {
    en: (p: { channel: string; field: string; reason: string; issues: number }) =>
      `Invalid request (${p.channel}): field ${p.field}: ${p.reason}`,
    'zh-CN': (p) => `请求无效（${p.channel}）：字段 ${p.field} ${p.reason}`,
    hint: { en: 'Check the input and try again.', 'zh-CN': '请检查输入后重试。' },
    details: (p) => ({ channel: p.channel, field: p.field, issues: p.issues }),
  },
  INVALID_RESPONSE: {
    en: (p: { channel: string }) => `Internal error (${p.channel}); it has been logged.`,
    'zh-CN': (p) => `内部错误（${p.channel}），已记录到日志。`,
    hint: { en: 'Try again; if it persists, send the log to IT.', 'zh-CN': '请重试；如问题持续，请将日志发给 IT。' },
  },
  INTERNAL_ERROR: {
    en: (p: { channel?: string; message?: string }) =>
      p.channel !== undefined ? `Internal error (${p.channel}); it has been logged.` : `Internal error: ${p.message ?? ''}`,
    'zh-CN': (p) => (p.channel !== undefined ? `内部错误（${p.channel}），已记录到日志。` : `内部错误：${p.message ?? ''}`),
    hint: {
      en: (p) => (p.channel !== undefined ? 'Try again; if it persists, send the log to IT.' : ''),
      'zh-CN': (p) => (p.channel !== undefined ? '请重试；如问题持续，请将日志发给 IT。' : ''),
    },
    // Only where it happened: the message may hold paths or internals.
    details: (p) => (p.channel !== undefined ? { channel: p.channel } : undefined),
  },
  TRANSPORT_ERROR: {
    en: (p: { reason: string }) => `Transport failure: ${p.reason}`,
    'zh-CN': (p) => `通信失败：${p.reason}`,
    hint: { en: 'Restart the app; if it persists, contact IT.', 'zh-CN': '请重启应用；如问题持续，请联系 IT。' },
    details: () => undefined,
  },
  UNTRUSTED_SENDER: {
    en: 'Refused a request from an unknown page.',
    'zh-CN': '拒绝了来自未知页面的请求。',
  },
  LEDGER_TOO_NEW: {
    en: (p: { current: number; latest: number }) =>
      `The ledger is at schema version ${p.current}, newer than this build supports (${p.latest}); it was not opened so nothing is damaged.`,
    'zh-CN': (p) => `数据库版本（${p.current}）比本程序支持的版本（${p.latest}）更新，已拒绝打开以免损坏数据。`,
    hint: {
      en: 'Install the latest Marketcode Station, or point it at another data directory.',
      'zh-CN': '请安装最新版本的 Marketcode Station，或改用对应的数据目录。',
    },
  },
  LEDGER_BUSY: {
    en: 'The ledger is busy: another program has been writing to it for too long.',
    'zh-CN': '数据库正忙：另一个程序占用写入的时间过长。',
    hint: {
      en: 'Another program is writing the ledger (a second station window or a CLI run); close it or try again.',
      'zh-CN': '另一个程序正在写入数据库（第二个工作站窗口或命令行程序）；请关闭它或稍后重试。',
    },
  },
  LIVE_CREDENTIALS_MISSING: {
    en: 'Live mode needs credentials (appid and secret, a token, or a token URL) and the service key.',
    'zh-CN': '正式模式需要先配置凭据（AppID 与密钥、令牌或令牌地址）以及服务密钥。',
    hint: {
      en: 'Enter them in Settings → Connection, or start in Training mode.',
      'zh-CN': '请在“设置 → 连接”中填写凭据，或以培训模式启动。',
    },
  },
});
export type AppErrorCode = CodeOf<typeof appErrors>;

/** Any thrown value as a translatable payload: AppErrors as they are, anything else as INTERNAL_ERROR with its message. */
export function toErrorPayload(error: unknown): AppErrorPayload {
  if (isAppError(error)) return error.toPayload();
  return appErrors.INTERNAL_ERROR({ message: error instanceof Error ? error.message : String(error) }).toPayload();
}
