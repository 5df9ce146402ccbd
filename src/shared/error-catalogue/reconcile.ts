/** Why a reconcile finding cannot be repaired as asked (src/main/reconcile, docs/reconcile.md). */
import { defineErrors, type CodeOf } from '../define-errors';

const REPAIR_NAMES: Record<string, { zh: string; en: string }> = {
  adopt: { zh: '采纳微信的激活', en: 'adopt WeChat’s activation' },
  resend: { zh: '重新发送', en: 're-send' },
  investigated: { zh: '标记为已调查', en: 'mark as investigated' },
};
const repairName = (repair: string, locale: 'zh' | 'en'): string => REPAIR_NAMES[repair]?.[locale] ?? repair;

export const reconcileErrors = defineErrors({
  RECONCILE_FINDING_NOT_FOUND: {
    en: (p: { id: number }) => `There is no reconcile finding #${p.id}.`,
    'zh-CN': (p) => `没有对账差异 #${p.id}。`,
  },
  RECONCILE_ALREADY_RESOLVED: {
    en: (p: { id: number }) => `Reconcile finding #${p.id} has already been resolved.`,
    'zh-CN': (p) => `对账差异 #${p.id} 已处理过。`,
    hint: { en: 'Reload the findings to see how.', 'zh-CN': '请刷新对账结果查看处理情况。' },
  },
  RECONCILE_REPAIR_NOT_OFFERED: {
    en: (p: { id: number; repair: string }) => `Finding #${p.id} cannot be repaired by “${repairName(p.repair, 'en')}”.`,
    'zh-CN': (p) => `对账差异 #${p.id} 不能用“${repairName(p.repair, 'zh')}”处理。`,
    hint: { en: 'Choose one of the repairs the finding lists.', 'zh-CN': '请选择该差异列出的处理方式之一。' },
  },
  RECONCILE_NOTE_REQUIRED: {
    en: () => 'Say what was found out: marking a finding as investigated needs a note.',
    'zh-CN': () => '标记为已调查时需要填写说明（调查结果）。',
    hint: { en: 'Write a short note, e.g. who checked it and what they saw.', 'zh-CN': '请简要写明谁核查的、看到了什么。' },
  },
  RECONCILE_FINDING_STALE: {
    en: (p: { id: number; activation_id: number }) =>
      `Activation #${p.activation_id} has changed since finding #${p.id} was made, so the repair was not applied.`,
    'zh-CN': (p) => `对账差异 #${p.id} 产生后，激活 #${p.activation_id} 已发生变化，未执行处理。`,
    hint: { en: 'Run reconcile again and repair what it finds now.', 'zh-CN': '请重新对账，再处理新的结果。' },
  },
  RECONCILE_ADOPT_SENDING: {
    en: (p: { activation_id: number }) => `Activation #${p.activation_id} over these codes is being sent to WeChat right now.`,
    'zh-CN': (p) => `覆盖这些码的激活 #${p.activation_id} 正在发送给微信。`,
    hint: { en: 'Wait until it is sent, then run reconcile again.', 'zh-CN': '请等待发送完成后重新对账。' },
  },
  RECONCILE_ADOPT_PRODUCT_UNKNOWN: {
    en: (p: { product_code: string }) => `WeChat’s activation is for product ${p.product_code}, which this station does not have.`,
    'zh-CN': (p) => `微信中的激活属于产品 ${p.product_code}，本工作站没有该产品。`,
    hint: {
      en: 'Add the product with this barcode on the Products screen (with the details WeChat shows), then adopt again.',
      'zh-CN': '请先在“产品”页面添加该条码的产品（信息与微信一致），再采纳。',
    },
  },
  RECONCILE_ADOPT_DETAILS_MISSING: {
    en: (p: { field: string }) => `WeChat’s answer leaves out ${p.field}, so its activation cannot be recorded as it is.`,
    'zh-CN': (p) => `微信的回答缺少 ${p.field}，无法按原样记录该激活。`,
    hint: {
      en: 'Mark the finding as investigated after checking it in WeChat’s console.',
      'zh-CN': '请在微信后台核实后，将该差异标记为已调查。',
    },
  },
});

export type ReconcileErrorCode = CodeOf<typeof reconcileErrors>;
