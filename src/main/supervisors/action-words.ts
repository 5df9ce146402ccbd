import type { Locale } from '../../shared/errors';

type Words = Record<Locale, string>;

/**
 * What a supervisor-only action is, in words, for "Unlock as a supervisor to …".
 * Exact names first, then a family (`products.*`), then a neutral fallback.
 */
const EXACT: Record<string, Words> = {
  'batches.apply': { 'zh-CN': '申请码', en: 'apply for codes' },
  'batches.export': { 'zh-CN': '导出打印文件', en: 'export codes for printing' },
  'batches.retry': { 'zh-CN': '重试下载和导入', en: 'retry downloading and importing codes' },
  'supervisor.add': { 'zh-CN': '添加主管', en: 'add a supervisor' },
  'supervisor.disable': { 'zh-CN': '停用主管', en: 'disable a supervisor' },
  'supervisor.changePin': { 'zh-CN': '修改主管 PIN 码', en: "change a supervisor's PIN" },
  'verify.startSession': { 'zh-CN': '开始校验班次', en: 'start a verification session' },
  'verify.endSession': { 'zh-CN': '结束校验班次', en: 'end a verification session' },
  'verify.acknowledge': { 'zh-CN': '确认失败的扫码', en: 'acknowledge a failed scan' },
  'settings.supervisorUnlockMinutes': { 'zh-CN': '修改主管解锁时长', en: 'change how long an unlock lasts' },
  'settings.hidScanner': { 'zh-CN': '更换扫码枪', en: 'change the scanner' },
  'scanner.select': { 'zh-CN': '更换扫码枪', en: 'change the scanner' },
  'scanner.forget': { 'zh-CN': '移除扫码枪', en: 'remove the scanner' },
  'connection.save': { 'zh-CN': '修改连接设置或模式', en: 'change the connection or the mode' },
  'connection.test': { 'zh-CN': '测试连接', en: 'test the connection' },
  'reconcile.run': { 'zh-CN': '与微信对账', en: 'reconcile with WeChat' },
  'reconcile.resolve': { 'zh-CN': '处理对账差异', en: 'repair a reconcile finding' },
};

const FAMILIES: Record<string, Words> = {
  products: { 'zh-CN': '编辑产品', en: 'edit products' },
  activation: { 'zh-CN': '激活码段', en: 'activate codes' },
  activations: { 'zh-CN': '激活码段', en: 'activate codes' },
  supervisor: { 'zh-CN': '管理主管', en: 'manage supervisors' },
  settings: { 'zh-CN': '修改校验设置', en: 'change how scans are checked' },
};

const FALLBACK: Words = { 'zh-CN': '执行此操作', en: 'do this' };

export function actionWords(action: string): Words {
  return EXACT[action] ?? FAMILIES[action.split('.')[0] ?? ''] ?? FALLBACK;
}
