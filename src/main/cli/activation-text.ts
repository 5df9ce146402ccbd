import type { ActivationSummary } from '../../shared/activation-contract';
import type { Locale } from '../../shared/errors';

export const STATE_WORDS: Record<ActivationSummary['state'], Record<Locale, string>> = {
  pending: { 'zh-CN': '待发送', en: 'queued' },
  sending: { 'zh-CN': '发送中', en: 'sending' },
  active: { 'zh-CN': '已激活', en: 'active' },
  failed: { 'zh-CN': '失败', en: 'failed' },
  conflict: { 'zh-CN': '冲突（微信已有不同的激活信息）', en: 'conflict (WeChat holds different details)' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
  review: { 'zh-CN': '条码审核中（24 小时后自动重试）', en: 'barcode under review (retried by itself after 24 h)' },
};

export function describeActivation(activation: ActivationSummary, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const parts = [STATE_WORDS[activation.state][locale]];
  if (activation.state === 'pending' && activation.last_error) {
    parts.push(
      zh
        ? `等待网络：${activation.last_error.localized['zh-CN'].message}`
        : `waiting for the network: ${activation.last_error.localized.en.message}`,
    );
  } else if (activation.last_error && (activation.state === 'failed' || activation.state === 'conflict' || activation.state === 'review')) {
    parts.push(activation.last_error.localized[locale].message);
  }
  if (activation.confirmation) {
    parts.push(
      activation.confirmation.ok
        ? zh
          ? '已用 codeactivequery 确认'
          : 'confirmed with codeactivequery'
        : zh
          ? '确认结果不一致！'
          : 'confirmation MISMATCH!',
    );
  }
  const range = `${activation.code_start}–${activation.code_end}`;
  return zh
    ? `激活 #${activation.id}：申请 ${activation.application_id} 序号 ${range}（${activation.count.toLocaleString('en-US')} 个码），${activation.product_title}（${activation.product_code}）；${parts.join('，')}`
    : `Activation #${activation.id}: application ${activation.application_id} indices ${range} (${activation.count.toLocaleString('en-US')} codes), ${activation.product_title} (${activation.product_code}); ${parts.join(', ')}`;
}
