/** Why an activation cannot be recorded, retried or cancelled (src/main/activation). */
import { defineErrors, type CodeOf } from '../define-errors';

/** The activation a new range runs into, as the overlap message names it. */
export interface OverlappingActivation {
  id: number;
  code_start: number;
  code_end: number;
  product_title: string;
  state: string;
}

const STATE_NAMES: Record<string, { zh: string; en: string }> = {
  pending: { zh: '待发送', en: 'queued' },
  sending: { zh: '发送中', en: 'sending' },
  active: { zh: '已激活', en: 'active' },
};
const stateName = (state: string, locale: 'zh' | 'en'): string => STATE_NAMES[state]?.[locale] ?? state;

type StateChange = { id: number; state: string; action: 'retry' | 'cancel' };

export const activationErrors = defineErrors({
  ACTIVATION_RANGE_REVERSED: {
    en: (p: { start: number; end: number }) => `The start index ${p.start} is after the end index ${p.end}.`,
    'zh-CN': (p) => `起始序号 ${p.start} 大于结束序号 ${p.end}。`,
    hint: { en: 'Swap them, or scan the first and the last code again.', 'zh-CN': '请交换起止序号，或重新扫描第一个和最后一个码。' },
  },
  ACTIVATION_RANGE_NOT_IMPORTED: {
    en: (p: { application_id: number; first_missing: number }) =>
      `Index ${p.first_missing} is not in an imported segment of application ${p.application_id}.`,
    'zh-CN': (p) => `序号 ${p.first_missing} 不在已导入的码段内（申请 ${p.application_id}）。`,
    hint: { en: 'Only downloaded and imported codes can be activated.', 'zh-CN': '只能激活已下载并导入的码。' },
  },
  ACTIVATION_RANGE_NOT_INDEXED: {
    en: (p: { application_id: number; first_missing: number }) =>
      `Index ${p.first_missing} is imported but its codes are still being prepared for scanning (application ${p.application_id}).`,
    'zh-CN': (p) => `序号 ${p.first_missing} 所在的码段已导入，但还在建立扫码索引（申请 ${p.application_id}）。`,
    hint: {
      en: 'Wait until the application shows "Imported" on the Batches screen, then activate.',
      'zh-CN': '请在“码批次”中等待该申请显示“已导入”后再激活。',
    },
  },
  ACTIVATION_SPANS_APPLICATIONS: {
    en: (p: { first_application_id: number; last_application_id: number }) =>
      `The first code belongs to application ${p.first_application_id} and the last to ${p.last_application_id}: one activation cannot span two applications.`,
    'zh-CN': (p) => `第一个码属于申请 ${p.first_application_id}，最后一个码属于申请 ${p.last_application_id}：一次激活不能跨两个申请。`,
    hint: { en: 'Activate each application’s part separately.', 'zh-CN': '请分别激活两个申请中的码段。' },
  },
  ACTIVATION_OVERLAP: {
    en: (p: OverlappingActivation) =>
      `Overlaps activation #${p.id} (indices ${p.code_start}–${p.code_end}, ${p.product_title}, ${stateName(p.state, 'en')}).`,
    'zh-CN': (p) => `与激活 #${p.id}（序号 ${p.code_start}–${p.code_end}，${p.product_title}，${stateName(p.state, 'zh')}）重叠。`,
    hint: {
      en: 'A code is activated once; adjust the range, or cancel that activation first (failed ones only).',
      'zh-CN': '一个码只能激活一次；请调整序号段，或先取消那个激活（仅限失败的激活）。',
    },
    details: (p) => ({ overlapping_activation_id: p.id, overlapping_start: p.code_start, overlapping_end: p.code_end }),
  },
  ACTIVATION_CODE_UNKNOWN: {
    en: (p: { scanned: string }) => `The scanned code ${p.scanned} is not in any downloaded package.`,
    'zh-CN': (p) => `扫描的码 ${p.scanned} 不在任何已下载的码包中。`,
    hint: { en: 'Check that the code comes from a batch this station downloaded.', 'zh-CN': '请确认扫的是本工作站下载的码。' },
  },
  ACTIVATION_SCAN_INVALID: {
    en: (p: { scanned: string }) => `“${p.scanned}” is not a marketing code (a 9-character code or a 28-character code URL).`,
    'zh-CN': (p) => `“${p.scanned}” 不是一物一码的码（应为 9 位码或 28 位码链接）。`,
    hint: { en: 'Scan again; make sure the input method is English.', 'zh-CN': '请重新扫描；确认输入法为英文。' },
  },
  ACTIVATION_PRINT_RUN_UNKNOWN: {
    en: (p: { print_run_id: number }) => `There is no print run #${p.print_run_id}.`,
    'zh-CN': (p) => `没有打印批次 #${p.print_run_id}。`,
  },
  ACTIVATION_PRODUCT_ARCHIVED: {
    en: (p: { product_code: string }) => `Product ${p.product_code} is archived and cannot be used for new activations.`,
    'zh-CN': (p) => `产品 ${p.product_code} 已归档，不能用于新的激活。`,
  },
  ACTIVATION_NOT_FOUND: {
    en: (p: { id: number }) => `There is no activation #${p.id}.`,
    'zh-CN': (p) => `没有激活 #${p.id}。`,
  },
  ACTIVATION_WRONG_STATE: {
    en: (p: StateChange) =>
      p.action === 'retry'
        ? `Activation #${p.id} is ${p.state}; only failed or conflicting activations can be retried.`
        : `Activation #${p.id} is ${p.state}; only pending, failed or conflicting activations can be cancelled.`,
    'zh-CN': (p) =>
      p.action === 'retry'
        ? `激活 #${p.id} 当前为 ${p.state}，只有失败或冲突的激活可以重试。`
        : `激活 #${p.id} 当前为 ${p.state}，只有待发送、失败或冲突的激活可以取消。`,
    details: (p) => ({ id: p.id, state: p.state }),
  },
  ACTIVATION_CANCEL_NEEDS_RECONCILE: {
    en: (p: { id: number; attempts: number; remote: 'unknown' | 'held' | 'differs' }) =>
      p.remote === 'unknown'
        ? `Activation #${p.id} was already sent to WeChat (${p.attempts} ${p.attempts === 1 ? 'attempt' : 'attempts'}); WeChat may hold it, so it cannot be cancelled yet.`
        : `Activation #${p.id} cannot be cancelled: the last reconcile found WeChat holds an activation over its codes.`,
    'zh-CN': (p) =>
      p.remote === 'unknown'
        ? `激活 #${p.id} 已发送给微信（${p.attempts} 次），微信可能已激活这些码，暂时不能取消。`
        : `激活 #${p.id} 不能取消：上次对账发现微信已激活了这些码。`,
    hint: {
      en: 'Run reconcile first (Activate → Reconcile with WeChat, or marketcode reconcile); once it says WeChat does not have it, it can be cancelled. If WeChat holds it, adopt it from the findings.',
      'zh-CN':
        '请先对账（“激活”页面 → 与微信对账，或 marketcode reconcile）；对账确认微信没有该激活后即可取消。若微信已激活，请在对账结果中采纳。',
    },
  },
});

export type ActivationErrorCode = CodeOf<typeof activationErrors>;
