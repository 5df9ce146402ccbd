/** The CLI's words for reconcile runs and findings, in zh-CN and en (docs/reconcile.md). */
import type { Locale } from '../../shared/errors';
import type {
  FindingKind,
  ReconcileFinding,
  ReconcileOutcome,
  ReconcileRun,
  RemoteActivation,
  Repair,
} from '../../shared/reconcile-contract';
import { STATE_WORDS } from './activation-text';

type Words = Record<Locale, string>;

const KIND_WORDS: Record<FindingKind, Words> = {
  missing_remotely: {
    'zh-CN': '账本显示已激活，但微信查不到这些码的激活',
    en: 'the ledger says active, but WeChat has no activation for these codes',
  },
  active_remotely: {
    'zh-CN': '微信已激活这些码（与账本记录一致），账本却不是“已激活”',
    en: 'WeChat holds this activation as recorded, but the ledger does not say active',
  },
  differs_remotely: { 'zh-CN': '微信中这些码的激活与账本不同', en: 'WeChat holds a different activation over these codes' },
  unknown_to_ledger: { 'zh-CN': '微信中有一个账本里没有的激活', en: 'WeChat holds an activation the ledger does not have' },
  conflict_unexplained: {
    'zh-CN': '账本显示冲突，但微信查不到这些码的激活',
    en: 'the ledger says conflict, but WeChat has no activation for these codes',
  },
};

export const REPAIR_WORDS: Record<Repair, Words> = {
  adopt: { 'zh-CN': '采纳微信的激活', en: 'adopt WeChat’s activation' },
  resend: { 'zh-CN': '重新发送', en: 're-send' },
  investigated: { 'zh-CN': '标记为已调查（需填写说明）', en: 'mark as investigated (with a note)' },
};

const REPAIR_FLAGS: Record<Repair, string> = { adopt: '--adopt', resend: '--resend', investigated: '--investigated' };

const RESOLUTION_WORDS: Record<NonNullable<ReconcileFinding['resolution']>, Words> = {
  adopted: { 'zh-CN': '已采纳微信的激活', en: 'adopted WeChat’s activation' },
  resent: { 'zh-CN': '已重新发送', en: 're-sent' },
  investigated: { 'zh-CN': '已调查', en: 'investigated' },
  cleared: { 'zh-CN': '后续对账已一致', en: 'agreed at a later reconcile' },
};

const OUTCOME_WORDS: Record<ReconcileOutcome, Words> = {
  complete: { 'zh-CN': '已全部查询', en: 'everything was asked' },
  capped: { 'zh-CN': '已达本次查询上限', en: 'the query cap was reached' },
  quota: { 'zh-CN': '已停止：微信接口调用额度已用完', en: 'stopped: WeChat’s query quota is used up' },
  offline: { 'zh-CN': '已停止：微信没有应答', en: 'stopped: WeChat did not answer' },
  error: { 'zh-CN': '已停止：出错', en: 'stopped by an error' },
};

function remoteText(remote: RemoteActivation, locale: Locale): string {
  const product = remote.product_title ? `${remote.product_title}（${remote.product_code ?? '?'}）` : (remote.product_code ?? '?');
  return locale === 'zh-CN'
    ? `微信：序号 ${remote.code_start}–${remote.code_end}，${product}`
    : `WeChat: indices ${remote.code_start}–${remote.code_end}, ${product.replace('（', ' (').replace('）', ')')}`;
}

export function describeFinding(finding: ReconcileFinding, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const subject =
    finding.activation_id === null
      ? zh
        ? `申请 ${finding.application_id} 序号 ${finding.code_start}–${finding.code_end}`
        : `application ${finding.application_id} indices ${finding.code_start}–${finding.code_end}`
      : zh
        ? `激活 #${finding.activation_id}（申请 ${finding.application_id} 序号 ${finding.code_start}–${finding.code_end}，${STATE_WORDS[finding.local_state!][locale]}）`
        : `activation #${finding.activation_id} (application ${finding.application_id} indices ${finding.code_start}–${finding.code_end}, ${STATE_WORDS[finding.local_state!][locale]})`;
  const parts = [`${zh ? '差异' : 'Finding'} #${finding.id}: ${subject}: ${KIND_WORDS[finding.kind][locale]}`];
  if (finding.remote && finding.kind !== 'active_remotely') parts.push(`  ${remoteText(finding.remote, locale)}`);
  if (finding.resolution) {
    const by = finding.resolved_by ? (zh ? `（${finding.resolved_by}）` : ` (${finding.resolved_by})`) : '';
    parts.push(`  ${RESOLUTION_WORDS[finding.resolution][locale]}${by}${finding.note ? `: ${finding.note}` : ''}`);
  } else {
    const repairs = finding.repairs.map(
      (repair) => `${REPAIR_FLAGS[repair]} ${finding.id}${repair === 'investigated' ? ' --note …' : ''} (${REPAIR_WORDS[repair][locale]})`,
    );
    parts.push(`  ${zh ? '可选处理' : 'Repairs'}: ${repairs.join(zh ? '；' : '; ')}`);
  }
  return parts.join('\n');
}

export function describeRun(run: ReconcileRun, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const outcome = run.outcome ? OUTCOME_WORDS[run.outcome][locale] : '';
  const error = run.error
    ? ` ${run.error.localized[locale].message}${run.error.localized[locale].hint ? ` ${run.error.localized[locale].hint}` : ''}`
    : '';
  const left =
    run.left_for_next_run > 0
      ? zh
        ? `；${run.left_for_next_run} 项留待下次对账`
        : `; ${run.left_for_next_run} left for the next run`
      : '';
  return zh
    ? `对账 #${run.id}：查询微信 ${run.queries} 次，核对了 ${run.activations_checked} 个激活；${outcome}${left}。${error}`
    : `Reconcile #${run.id}: asked WeChat ${run.queries} times, compared ${run.activations_checked} activations; ${outcome}${left}.${error}`;
}

export function describeNoFindings(locale: Locale): string {
  return locale === 'zh-CN' ? '账本与微信一致：没有待处理的差异。' : 'The ledger agrees with WeChat: no open findings.';
}
