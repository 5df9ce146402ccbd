/** Why an audit entry was refused or the audit log cannot be opened (src/main/audit). These are bugs or old ledgers, not user mistakes. */
import { defineErrors, type CodeOf } from '../define-errors';

/** What an entry's field must be, by rule; `limit` is the rule's number where it has one. */
export type AuditFieldRule = 'non_empty' | 'max_length' | 'no_control' | 'action_name' | 'plain_object' | 'max_bytes';

const RULES: Record<AuditFieldRule, { en: (limit: number) => string; zh: (limit: number) => string }> = {
  non_empty: { en: () => 'a non-empty string', zh: () => '非空字符串' },
  max_length: { en: (limit) => `at most ${limit} characters`, zh: (limit) => `不超过 ${limit} 个字符` },
  no_control: { en: () => 'free of control characters', zh: () => '不含控制字符的文本' },
  action_name: {
    en: () => 'a dotted lowercase name such as segment.imported',
    zh: () => '以点分隔的小写名称（如 segment.imported）',
  },
  plain_object: { en: () => 'a plain object', zh: () => '普通对象' },
  max_bytes: { en: (limit) => `at most ${limit} bytes of JSON`, zh: (limit) => `不超过 ${limit} 字节的 JSON` },
};

type InvalidField = { field: string; rule: AuditFieldRule; limit?: number };

export const auditErrors = defineErrors({
  AUDIT_INVALID_ENTRY: {
    en: (p: InvalidField) => `The audit entry's ${p.field} is invalid: it must be ${RULES[p.rule].en(p.limit ?? 0)}.`,
    'zh-CN': (p) => `审计记录的字段 ${p.field} 无效：应为${RULES[p.rule].zh(p.limit ?? 0)}。`,
    hint: { en: 'This is a bug in the caller; nothing was written.', 'zh-CN': '这是程序错误，记录未写入；请修正调用方。' },
    details: (p) => ({ field: p.field }),
  },
  AUDIT_LOG_MISSING: {
    en: 'The ledger has no audit log table (audit_log).',
    'zh-CN': '数据库中没有审计日志表（audit_log）。',
    hint: {
      en: 'Open this data directory with a build that includes the audit-log migration (002) so the ledger is upgraded.',
      'zh-CN': '请使用包含审计日志迁移（002）的版本打开该数据目录，以便完成数据库升级。',
    },
  },
  AUDIT_INVALID_DETAILS: {
    /** `what` names the offending value's kind in English (it is a bug report, not a user's mistake). */
    en: (p: { path: string; what: string }) => `Audit details must be plain JSON, but ${p.path} is ${p.what}.`,
    'zh-CN': (p) => `审计记录的详情只能包含 JSON 数据，但 ${p.path} 是 ${p.what}。`,
    hint: {
      en: 'This is a bug in the caller: pass strings, numbers, booleans, null, arrays or plain objects only.',
      'zh-CN': '这是程序错误：请把详情改为字符串、数字、布尔值、null、数组或普通对象。',
    },
    details: (p) => ({ path: p.path }),
  },
  AUDIT_SECRET_IN_DETAILS: {
    en: (p: { path: string }) => `The audit details look like they contain a secret or token (${p.path}); the entry was refused.`,
    'zh-CN': (p) => `审计记录的详情看起来含有密钥或令牌（${p.path}），已拒绝写入。`,
    hint: {
      en: 'The audit log is permanent and cannot be edited: record that a secret was set, never the secret itself.',
      'zh-CN': '审计日志永久保存且不可删除：请只记录密钥是否已设置，不要记录密钥本身。',
    },
  },
  AUDIT_ANCHOR_UNREADABLE: {
    en: (p: { file: string }) => `Could not read ${p.file}.`,
    'zh-CN': (p) => `无法读取 ${p.file}。`,
    hint: {
      en: 'Name an export manifest (…manifest.json) or a shift report (shift-report-….csv) that this station wrote.',
      'zh-CN': '请指定本工作站写出的导出清单（…manifest.json）或班次报告（shift-report-….csv）。',
    },
    details: (p) => ({ file: p.file }),
  },
  AUDIT_ANCHOR_NOT_FOUND: {
    en: (p: { file: string }) => `${p.file} records no audit log head to check against.`,
    'zh-CN': (p) => `${p.file} 中没有可供核对的审计日志最新记录。`,
    hint: {
      en: 'Export manifests and shift reports record the head since this version; older ones and other files cannot be used.',
      'zh-CN': '从此版本起，导出清单和班次报告才会记录最新记录；更早的文件或其他文件无法用于核对。',
    },
    details: (p) => ({ file: p.file }),
  },
  AUDIT_ANCHOR_NO_TRAINING_LEDGER: {
    en: (p: { file: string }) => `${p.file} comes from Training, but this data directory has no Training ledger to check it against.`,
    'zh-CN': (p) => `${p.file} 来自培训模式，但该数据目录中没有可供核对的培训账本。`,
    hint: {
      en: 'Check it against the data directory of the station that wrote it (its Training ledger is training/ledger.sqlite there).',
      'zh-CN': '请在写出该文件的工作站的数据目录上核对（培训账本位于其中的 training/ledger.sqlite）。',
    },
    details: (p) => ({ file: p.file }),
  },
});

export type AuditErrorCode = CodeOf<typeof auditErrors>;
