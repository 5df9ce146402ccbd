import { AppError, type AppErrorPayload } from '../../shared/errors';

/**
 * Why a scan is not a PASS (stored with the scan, shown on the Verify screen)
 * and the refusals of the verification channels, in both languages.
 */

function reason(code: string, zh: string, en: string, zhHint?: string, enHint?: string, details?: AppErrorPayload['details']) {
  const payload: AppErrorPayload = {
    code,
    message: en,
    localized: {
      'zh-CN': zhHint ? { message: zh, hint: zhHint } : { message: zh },
      en: enHint ? { message: en, hint: enHint } : { message: en },
    },
  };
  if (details) payload.details = details;
  return payload;
}

/** Control characters shown as `␍`-style marks so a reason never carries raw terminators. */
function shown(text: string, max = 40): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const visible = text.replace(/[\u0000-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0))).replace(/\u007f/g, '\u2421');
  return visible.length > max ? `${visible.slice(0, max)}…` : visible;
}

export interface ActivationFacts {
  id: number;
  code_start: number;
  code_end: number;
  product_code: string;
  product_title: string;
  state: string;
}

export const scanReasons = {
  invalid: (input: string) =>
    reason(
      'VERIFY_INVALID',
      `不是营销码：“${shown(input)}”。`,
      `Not a marketing code: “${shown(input)}”.`,
      '请扫描纸箱上的营销码；如果一直如此，请检查扫码枪设置（前缀、大小写、输入法）。',
      'Scan the carton’s marketing code; if this keeps happening, check the scanner’s settings (prefix, case, input method).',
    ),
  unknownCode: (value: string) =>
    reason(
      'VERIFY_UNKNOWN_CODE',
      `码 ${value} 不在任何已下载的码包中。`,
      `Code ${value} is not in any downloaded package.`,
      '请确认该批码已在本工位下载导入；否则这个纸箱不属于本厂的码。',
      'Check that its batch was downloaded and imported on this station; otherwise the carton is not ours.',
    ),
  notActivated: (applicationId: number, codeIndex: number) =>
    reason(
      'VERIFY_NOT_ACTIVATED',
      `序号 ${codeIndex}（申请 ${applicationId}）未激活。`,
      `Index ${codeIndex} of application ${applicationId} is not activated.`,
      '请主管在“激活”页面激活这个纸箱批次的序号段。',
      'A supervisor activates this carton run’s range on the Activate screen.',
      { application_id: applicationId, code_index: codeIndex },
    ),
  activationPending: (activation: ActivationFacts) =>
    reason(
      'VERIFY_ACTIVATION_PENDING',
      `激活 #${activation.id}（${activation.code_start}–${activation.code_end}）尚在等待，微信还未确认。`,
      `Activation #${activation.id} (${activation.code_start}–${activation.code_end}) is pending, not yet confirmed by WeChat.`,
      '联网后会自动发送；发件箱里可以看到它的状态。确认后这个扫描会自动更新。',
      'It is sent as soon as the network allows (see the outbox); this scan updates itself once WeChat confirms it.',
      { activation_id: activation.id, state: activation.state },
    ),
  wrongProduct: (activation: ActivationFacts, expected: { product_code: string; product_title: string | null }) =>
    reason(
      'VERIFY_WRONG_PRODUCT',
      `这个码激活的是“${activation.product_title}”（${activation.product_code}），本线包装的是“${expected.product_title ?? expected.product_code}”（${expected.product_code}）。`,
      `This code is activated for “${activation.product_title}” (${activation.product_code}), but this line packs “${expected.product_title ?? expected.product_code}” (${expected.product_code}).`,
      '请把纸箱拿下线，交给班组长。',
      'Take the carton off the line and give it to the team lead.',
      { activation_id: activation.id, product_code: activation.product_code, expected_product: expected.product_code },
    ),
  wrongRun: (activation: ActivationFacts, expectedActivationId: number) =>
    reason(
      'VERIFY_WRONG_RUN',
      `这个码属于激活 #${activation.id}（${activation.code_start}–${activation.code_end}），不是本次包装的激活 #${expectedActivationId}。`,
      `This code belongs to activation #${activation.id} (${activation.code_start}–${activation.code_end}), not to activation #${expectedActivationId} being packed.`,
      '产品相同但批次不同：请把纸箱拿下线，交给班组长。',
      'Same product, different carton run: take the carton off the line and give it to the team lead.',
      { activation_id: activation.id, expected_activation_id: expectedActivationId },
    ),
  duplicate: (earlier: { id: number; scanned_at: string }) =>
    reason(
      'VERIFY_DUPLICATE',
      `本次会话中已经扫过这个码（扫描 #${earlier.id}，${earlier.scanned_at}）。`,
      `Already scanned in this session (scan #${earlier.id} at ${earlier.scanned_at}).`,
      '同一个码出现了两次：请把纸箱拿下线检查。',
      'The same code turned up twice: take the carton off the line and check it.',
      { earlier_scan_id: earlier.id },
    ),
  remoteDiffers: (field: string, theirs: unknown, ours: unknown, activationId: number) =>
    reason(
      'VERIFY_REMOTE_MISMATCH',
      `微信与本地账本不一致：${field} 微信为“${String(theirs)}”，账本为“${String(ours)}”（激活 #${activationId}）。`,
      `WeChat disagrees with the ledger: ${field} is “${String(theirs)}” at WeChat and “${String(ours)}” in the ledger (activation #${activationId}).`,
      '消费者扫码会看到微信的内容。请主管核对这次激活。',
      'Consumers see what WeChat holds. A supervisor should check this activation.',
      { field, activation_id: activationId },
    ),
  remoteNotActivated: (activation: ActivationFacts, errcode: number | null) =>
    reason(
      'VERIFY_REMOTE_MISMATCH',
      `微信说这个码未激活，但账本中激活 #${activation.id}（${activation.code_start}–${activation.code_end}）已生效。`,
      `WeChat says this code is not activated, but the ledger has activation #${activation.id} (${activation.code_start}–${activation.code_end}) active.`,
      '消费者扫码将无法使用。请主管核对这次激活并重新发送。',
      'Consumers cannot use it. A supervisor should check this activation and send it again.',
      { activation_id: activation.id, errcode },
    ),
  remoteUnknownCode: (errcode: number | null) =>
    reason(
      'VERIFY_REMOTE_MISMATCH',
      '微信说这个码不存在，但它在本地码包中。',
      'WeChat says this code does not exist, but it is in a downloaded package.',
      '请确认当前连接（培训/正式、AppID）与下载这批码时一致。',
      'Check that the connection (Training/Live, appid) is the one the batch was downloaded with.',
      { errcode },
    ),
  remoteActivatedUnknown: (remote: {
    code_start?: number | undefined;
    code_end?: number | undefined;
    product_title?: string | undefined;
  }) =>
    reason(
      'VERIFY_REMOTE_MISMATCH',
      `微信说这个码已激活（${remote.code_start ?? '?'}–${remote.code_end ?? '?'}，“${remote.product_title ?? '?'}”），但账本中没有覆盖它的激活。`,
      `WeChat says this code is activated (${remote.code_start ?? '?'}–${remote.code_end ?? '?'}, “${remote.product_title ?? '?'}”), but the ledger has no activation covering it.`,
      '可能是在其他系统里激活的。请主管核对。',
      'It may have been activated from another system. A supervisor should check.',
    ),
};

export const verificationErrors = {
  ackRequired: (scan: { id: number; verdict: string }) =>
    new AppError(
      'VERIFY_ACK_REQUIRED',
      {
        'zh-CN': { message: `请先确认上一个不合格（扫描 #${scan.id}，${scan.verdict}），再继续扫码。`, hint: '点击“确认”，或扫描确认码。' },
        en: {
          message: `Acknowledge the last failure (scan #${scan.id}, ${scan.verdict}) before scanning on.`,
          hint: 'Press Acknowledge, or scan the ACK code.',
        },
      },
      { scan_id: scan.id, verdict: scan.verdict },
    ),
  nothingToAcknowledge: () =>
    new AppError('VERIFY_NOTHING_TO_ACKNOWLEDGE', {
      'zh-CN': { message: '扫到了确认码，但没有需要确认的不合格。' },
      en: { message: 'That was the ACK code, but there is no failure to acknowledge.' },
    }),
  ackNotNeeded: (scanId: number) =>
    new AppError(
      'VERIFY_ACK_NOT_NEEDED',
      {
        'zh-CN': { message: `扫描 #${scanId} 合格，无需确认。` },
        en: { message: `Scan #${scanId} passed; there is nothing to acknowledge.` },
      },
      { scan_id: scanId },
    ),
  wrongAckCode: () =>
    new AppError('VERIFY_ACK_CODE_WRONG', {
      'zh-CN': { message: '确认码不正确，或本工位未启用确认码。', hint: '确认方式和确认码在“设置”中配置。' },
      en: { message: 'That is not the ACK code, or this station does not use one.', hint: 'The ACK mode and code are set in Settings.' },
    }),
  scanNotFound: (scanId: number) =>
    new AppError(
      'VERIFY_SCAN_NOT_FOUND',
      { 'zh-CN': { message: `找不到扫描 #${scanId}。` }, en: { message: `There is no scan #${scanId}.` } },
      { scan_id: scanId },
    ),
  productUnknown: (productCode: string) =>
    new AppError(
      'VERIFY_PRODUCT_UNKNOWN',
      {
        'zh-CN': { message: `产品 ${productCode} 不存在。`, hint: '请先在“产品”页面添加它。' },
        en: { message: `There is no product ${productCode}.`, hint: 'Add it on the Products screen first.' },
      },
      { product_code: productCode },
    ),
  productArchived: (productCode: string) =>
    new AppError(
      'VERIFY_PRODUCT_ARCHIVED',
      {
        'zh-CN': { message: `产品 ${productCode} 已归档。`, hint: '如仍在生产，请先在“产品”页面取消归档。' },
        en: { message: `Product ${productCode} is archived.`, hint: 'If it is still being packed, unarchive it on the Products screen.' },
      },
      { product_code: productCode },
    ),
  activationUnknown: (activationId: number) =>
    new AppError(
      'VERIFY_ACTIVATION_UNKNOWN',
      { 'zh-CN': { message: `找不到激活 #${activationId}。` }, en: { message: `There is no activation #${activationId}.` } },
      { activation_id: activationId },
    ),
  activationUnusable: (activationId: number, state: string) =>
    new AppError(
      'VERIFY_ACTIVATION_UNUSABLE',
      {
        'zh-CN': { message: `激活 #${activationId} 的状态是 ${state}，不能用于包装。`, hint: '请选择一个等待中或已生效的激活。' },
        en: { message: `Activation #${activationId} is ${state} and cannot be packed.`, hint: 'Choose a pending or active activation.' },
      },
      { activation_id: activationId, state },
    ),
  activationOtherProduct: (activationId: number, activationProduct: string, productCode: string) =>
    new AppError(
      'VERIFY_ACTIVATION_OTHER_PRODUCT',
      {
        'zh-CN': { message: `激活 #${activationId} 的产品是 ${activationProduct}，不是 ${productCode}。` },
        en: { message: `Activation #${activationId} is for product ${activationProduct}, not ${productCode}.` },
      },
      { activation_id: activationId, product_code: activationProduct },
    ),
  sessionAlreadyOpen: (session: { id: number; line: string; station: string }) =>
    new AppError(
      'VERIFY_SESSION_OPEN',
      {
        'zh-CN': {
          message: `工位 ${session.station} 已有进行中的会话 #${session.id}（产线 ${session.line}）。`,
          hint: '请先结束它，再开始新的会话。',
        },
        en: {
          message: `Station ${session.station} already has session #${session.id} running (line ${session.line}).`,
          hint: 'End it before starting a new one.',
        },
      },
      { session_id: session.id },
    ),
  sessionNotFound: (sessionId: number) =>
    new AppError(
      'VERIFY_SESSION_NOT_FOUND',
      { 'zh-CN': { message: `找不到会话 #${sessionId}。` }, en: { message: `There is no session #${sessionId}.` } },
      { session_id: sessionId },
    ),
  sessionEnded: (sessionId: number, endedAt: string) =>
    new AppError(
      'VERIFY_SESSION_ENDED',
      {
        'zh-CN': { message: `会话 #${sessionId} 已于 ${endedAt} 结束。` },
        en: { message: `Session #${sessionId} already ended at ${endedAt}.` },
      },
      { session_id: sessionId },
    ),
};
