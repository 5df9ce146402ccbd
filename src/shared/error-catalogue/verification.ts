/**
 * The verification station's texts: why a scan is not a PASS (its `reason`,
 * stored with the scan and shown on the Verify screen) and the refusals of the
 * verification channels. Details are exactly the keys the scans have always
 * stored, so old rows and new ones read alike.
 */
import { defineErrors, type CodeOf } from '../define-errors';
import type { ErrorDetails } from '../errors';

/** Control characters shown as `␍`-style marks so a reason never carries raw terminators. */
function shown(text: string, max = 40): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const visible = text.replace(/[\u0000-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0))).replace(/\u007f/g, '\u2421');
  return visible.length > max ? `${visible.slice(0, max)}…` : visible;
}

/** An activation as a reason names it. */
interface ActivationNamed {
  activation_id: number;
  code_start: number;
  code_end: number;
}

/** What WeChat said that the ledger does not hold; one code, four ways to disagree. */
export type RemoteMismatch =
  | { kind: 'differs'; field: string; theirs: unknown; ours: unknown; activation_id: number }
  | ({ kind: 'not_activated'; errcode: number | null } & ActivationNamed)
  | { kind: 'unknown_code'; errcode: number | null }
  | { kind: 'activated_unknown'; code_start?: number | undefined; code_end?: number | undefined; product_title?: string | undefined };

interface MismatchTexts {
  en: string;
  'zh-CN': string;
  hintEn: string;
  hintZh: string;
}

function remoteMismatchText(p: RemoteMismatch): MismatchTexts {
  switch (p.kind) {
    case 'differs':
      return {
        'zh-CN': `微信与本地账本不一致：${p.field} 微信为“${String(p.theirs)}”，账本为“${String(p.ours)}”（激活 #${p.activation_id}）。`,
        en: `WeChat disagrees with the ledger: ${p.field} is “${String(p.theirs)}” at WeChat and “${String(p.ours)}” in the ledger (activation #${p.activation_id}).`,
        hintZh: '消费者扫码会看到微信的内容。请主管核对这次激活。',
        hintEn: 'Consumers see what WeChat holds. A supervisor should check this activation.',
      };
    case 'not_activated':
      return {
        'zh-CN': `微信说这个码未激活，但账本中激活 #${p.activation_id}（${p.code_start}–${p.code_end}）已生效。`,
        en: `WeChat says this code is not activated, but the ledger has activation #${p.activation_id} (${p.code_start}–${p.code_end}) active.`,
        hintZh: '消费者扫码将无法使用。请主管核对这次激活并重新发送。',
        hintEn: 'Consumers cannot use it. A supervisor should check this activation and send it again.',
      };
    case 'unknown_code':
      return {
        'zh-CN': '微信说这个码不存在，但它在本地码包中。',
        en: 'WeChat says this code does not exist, but it is in a downloaded package.',
        hintZh: '请确认当前连接（培训/正式、AppID）与下载这批码时一致。',
        hintEn: 'Check that the connection (Training/Live, appid) is the one the batch was downloaded with.',
      };
    case 'activated_unknown':
      return {
        'zh-CN': `微信说这个码已激活（${p.code_start ?? '?'}–${p.code_end ?? '?'}，“${p.product_title ?? '?'}”），但账本中没有覆盖它的激活。`,
        en: `WeChat says this code is activated (${p.code_start ?? '?'}–${p.code_end ?? '?'}, “${p.product_title ?? '?'}”), but the ledger has no activation covering it.`,
        hintZh: '可能是在其他系统里激活的。请主管核对。',
        hintEn: 'It may have been activated from another system. A supervisor should check.',
      };
  }
}

function remoteMismatchDetails(p: RemoteMismatch): ErrorDetails | undefined {
  switch (p.kind) {
    case 'differs':
      return { field: p.field, activation_id: p.activation_id };
    case 'not_activated':
      return { activation_id: p.activation_id, errcode: p.errcode };
    case 'unknown_code':
      return { errcode: p.errcode };
    case 'activated_unknown':
      return undefined;
  }
}

export const verificationErrors = defineErrors({
  // ---- reasons (a scan's verdict) ---------------------------------------------------------------
  VERIFY_INVALID: {
    en: (p: { input: string }) => `Not a marketing code: “${shown(p.input)}”.`,
    'zh-CN': (p) => `不是营销码：“${shown(p.input)}”。`,
    hint: {
      en: 'Scan the carton’s marketing code; if this keeps happening, check the scanner’s settings (prefix, case, input method).',
      'zh-CN': '请扫描纸箱上的营销码；如果一直如此，请检查扫码枪设置（前缀、大小写、输入法）。',
    },
    // The scanned text is in the message already (made visible); a reason never carried it twice.
    details: () => undefined,
  },
  VERIFY_UNKNOWN_CODE: {
    en: (p: { value: string }) => `Code ${p.value} is not in any downloaded package.`,
    'zh-CN': (p) => `码 ${p.value} 不在任何已下载的码包中。`,
    hint: {
      en: 'Check that its batch was downloaded and imported on this station; otherwise the carton is not ours.',
      'zh-CN': '请确认该批码已在本工位下载导入；否则这个纸箱不属于本厂的码。',
    },
    details: () => undefined,
  },
  VERIFY_NOT_ACTIVATED: {
    en: (p: { application_id: number; code_index: number }) => `Index ${p.code_index} of application ${p.application_id} is not activated.`,
    'zh-CN': (p) => `序号 ${p.code_index}（申请 ${p.application_id}）未激活。`,
    hint: {
      en: 'A supervisor activates this carton run’s range on the Activate screen.',
      'zh-CN': '请主管在“激活”页面激活这个纸箱批次的序号段。',
    },
  },
  VERIFY_ACTIVATION_PENDING: {
    en: (p: ActivationNamed & { state: string }) =>
      `Activation #${p.activation_id} (${p.code_start}–${p.code_end}) is pending, not yet confirmed by WeChat.`,
    'zh-CN': (p) => `激活 #${p.activation_id}（${p.code_start}–${p.code_end}）尚在等待，微信还未确认。`,
    hint: {
      en: 'It is sent as soon as the network allows (see the outbox); this scan updates itself once WeChat confirms it.',
      'zh-CN': '联网后会自动发送；发件箱里可以看到它的状态。确认后这个扫描会自动更新。',
    },
    details: (p) => ({ activation_id: p.activation_id, state: p.state }),
  },
  VERIFY_WRONG_PRODUCT: {
    en: (p: {
      activation_id: number;
      product_code: string;
      product_title: string;
      expected_product: string;
      expected_title: string | null;
    }) =>
      `This code is activated for “${p.product_title}” (${p.product_code}), but this line packs “${p.expected_title ?? p.expected_product}” (${p.expected_product}).`,
    'zh-CN': (p) =>
      `这个码激活的是“${p.product_title}”（${p.product_code}），本线包装的是“${p.expected_title ?? p.expected_product}”（${p.expected_product}）。`,
    hint: { en: 'Take the carton off the line and give it to the team lead.', 'zh-CN': '请把纸箱拿下线，交给班组长。' },
    details: (p) => ({ activation_id: p.activation_id, product_code: p.product_code, expected_product: p.expected_product }),
  },
  VERIFY_WRONG_RUN: {
    en: (p: ActivationNamed & { expected_activation_id: number }) =>
      `This code belongs to activation #${p.activation_id} (${p.code_start}–${p.code_end}), not to activation #${p.expected_activation_id} being packed.`,
    'zh-CN': (p) =>
      `这个码属于激活 #${p.activation_id}（${p.code_start}–${p.code_end}），不是本次包装的激活 #${p.expected_activation_id}。`,
    hint: {
      en: 'Same product, different carton run: take the carton off the line and give it to the team lead.',
      'zh-CN': '产品相同但批次不同：请把纸箱拿下线，交给班组长。',
    },
    details: (p) => ({ activation_id: p.activation_id, expected_activation_id: p.expected_activation_id }),
  },
  VERIFY_DUPLICATE: {
    // seen_at: local wall-clock text, formatted in main (src/main/log/local-time.ts), never the stored ISO instant.
    en: (p: { earlier_scan_id: number; seen_at: string }) => `Already scanned in this session at ${p.seen_at} (scan #${p.earlier_scan_id}).`,
    'zh-CN': (p) => `本次会话中已经扫过这个码：${p.seen_at}（扫描 #${p.earlier_scan_id}）。`,
    hint: {
      en: 'The same code turned up twice: take the carton off the line and check it.',
      'zh-CN': '同一个码出现了两次：请把纸箱拿下线检查。',
    },
    details: (p) => ({ earlier_scan_id: p.earlier_scan_id }),
  },
  VERIFY_DUPLICATE_PASSED_BEFORE: {
    en: (p: { earlier_scan_id: number; station: string; line: string; seen_at: string }) =>
      `This code already passed at station “${p.station}”, line “${p.line}”, at ${p.seen_at} (scan #${p.earlier_scan_id}).`,
    'zh-CN': (p) => `这个码已经合格过：工位“${p.station}”，产线“${p.line}”，${p.seen_at}（扫描 #${p.earlier_scan_id}）。`,
    hint: {
      en: 'The same code is on two cartons (a printer restarting its sequence?): take this carton off the line. A deliberate re-scan needs a supervisor to acknowledge it.',
      'zh-CN': '同一个码出现在两个纸箱上（打印机重新开始编号？）：请把这个纸箱拿下线。有意重扫同一箱需由主管确认。',
    },
    details: (p) => ({ earlier_scan_id: p.earlier_scan_id, station: p.station, line: p.line }),
  },
  VERIFY_REMOTE_MISMATCH: {
    en: (p: RemoteMismatch) => remoteMismatchText(p).en,
    'zh-CN': (p) => remoteMismatchText(p)['zh-CN'],
    hint: { en: (p) => remoteMismatchText(p).hintEn, 'zh-CN': (p) => remoteMismatchText(p).hintZh },
    details: remoteMismatchDetails,
  },

  // ---- refusals of the verification channels ----------------------------------------------------
  VERIFY_ACK_REQUIRED: {
    en: (p: { scan_id: number; verdict: string }) => `Acknowledge the last failure (scan #${p.scan_id}, ${p.verdict}) before scanning on.`,
    'zh-CN': (p) => `请先确认上一个不合格（扫描 #${p.scan_id}，${p.verdict}），再继续扫码。`,
    hint: { en: 'Press Acknowledge, or scan the ACK code.', 'zh-CN': '点击“确认”，或扫描确认码。' },
  },
  VERIFY_NOTHING_TO_ACKNOWLEDGE: {
    en: 'That was the ACK code, but there is no failure to acknowledge.',
    'zh-CN': '扫到了确认码，但没有需要确认的不合格。',
  },
  VERIFY_ACK_NOT_NEEDED: {
    en: (p: { scan_id: number }) => `Scan #${p.scan_id} passed; there is nothing to acknowledge.`,
    'zh-CN': (p) => `扫描 #${p.scan_id} 合格，无需确认。`,
  },
  VERIFY_ACK_CODE_WRONG: {
    en: 'That is not the ACK code, or this station does not use one.',
    'zh-CN': '确认码不正确，或本工位未启用确认码。',
    hint: { en: 'The ACK mode and code are set in Settings.', 'zh-CN': '确认方式和确认码在“设置”中配置。' },
  },
  VERIFY_SCAN_NOT_FOUND: {
    en: (p: { scan_id: number }) => `There is no scan #${p.scan_id}.`,
    'zh-CN': (p) => `找不到扫描 #${p.scan_id}。`,
  },
  VERIFY_PRODUCT_ARCHIVED: {
    en: (p: { product_code: string }) => `Product ${p.product_code} is archived.`,
    'zh-CN': (p) => `产品 ${p.product_code} 已归档。`,
    hint: { en: 'If it is still being packed, unarchive it on the Products screen.', 'zh-CN': '如仍在生产，请先在“产品”页面取消归档。' },
  },
  VERIFY_ACTIVATION_UNKNOWN: {
    en: (p: { activation_id: number }) => `There is no activation #${p.activation_id}.`,
    'zh-CN': (p) => `找不到激活 #${p.activation_id}。`,
  },
  VERIFY_ACTIVATION_UNUSABLE: {
    en: (p: { activation_id: number; state: string }) => `Activation #${p.activation_id} is ${p.state} and cannot be packed.`,
    'zh-CN': (p) => `激活 #${p.activation_id} 的状态是 ${p.state}，不能用于包装。`,
    hint: { en: 'Choose a pending or active activation.', 'zh-CN': '请选择一个等待中或已生效的激活。' },
  },
  VERIFY_ACTIVATION_OTHER_PRODUCT: {
    en: (p: { activation_id: number; product_code: string; requested_product: string }) =>
      `Activation #${p.activation_id} is for product ${p.product_code}, not ${p.requested_product}.`,
    'zh-CN': (p) => `激活 #${p.activation_id} 的产品是 ${p.product_code}，不是 ${p.requested_product}。`,
    details: (p) => ({ activation_id: p.activation_id, product_code: p.product_code }),
  },
  VERIFY_SESSION_OPEN: {
    en: (p: { session_id: number; line: string; station: string }) =>
      `Station ${p.station} already has session #${p.session_id} running (line ${p.line}).`,
    'zh-CN': (p) => `工位 ${p.station} 已有进行中的会话 #${p.session_id}（产线 ${p.line}）。`,
    hint: { en: 'End it before starting a new one.', 'zh-CN': '请先结束它，再开始新的会话。' },
    details: (p) => ({ session_id: p.session_id }),
  },
  VERIFY_SESSION_NOT_FOUND: {
    en: (p: { session_id: number }) => `There is no session #${p.session_id}.`,
    'zh-CN': (p) => `找不到会话 #${p.session_id}。`,
  },
  VERIFY_SESSION_ENDED: {
    en: (p: { session_id: number; ended_at: string }) => `Session #${p.session_id} already ended at ${p.ended_at}.`,
    'zh-CN': (p) => `会话 #${p.session_id} 已于 ${p.ended_at} 结束。`,
    details: (p) => ({ session_id: p.session_id }),
  },

  // ---- the remote confirmation (logged and stored as why a scan stays offline) -------------------
  VERIFY_OFFLINE: {
    en: 'WeChat cannot be reached right now; the scan is confirmed later.',
    'zh-CN': '暂时无法连接微信，稍后自动确认。',
  },
  VERIFY_CONFIRMATION_STALLED: {
    en: 'no scan could be confirmed',
    'zh-CN': '没有扫描能被确认',
  },
});

export type VerificationErrorCode = CodeOf<typeof verificationErrors>;
