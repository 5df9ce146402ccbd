import { AppError } from '../../shared/errors';
import type { ActivationRow } from './activation-store';

type Texts = { zh: string; en: string; zhHint?: string; enHint?: string };

function activationError(code: string, texts: Texts, details?: Record<string, string | number | boolean | null>): AppError {
  return new AppError(
    code,
    {
      'zh-CN': { message: texts.zh, ...(texts.zhHint ? { hint: texts.zhHint } : {}) },
      en: { message: texts.en, ...(texts.enHint ? { hint: texts.enHint } : {}) },
    },
    details,
  );
}

export const rangeErrors = {
  reversed: (start: number, end: number) =>
    activationError(
      'ACTIVATION_RANGE_REVERSED',
      {
        zh: `起始序号 ${start} 大于结束序号 ${end}。`,
        en: `The start index ${start} is after the end index ${end}.`,
        zhHint: '请交换起止序号，或重新扫描第一个和最后一个码。',
        enHint: 'Swap them, or scan the first and the last code again.',
      },
      { start, end },
    ),
  unknownApplication: (applicationId: number) =>
    activationError(
      'ACTIVATION_APPLICATION_UNKNOWN',
      { zh: `本地台账中没有申请 ${applicationId}。`, en: `There is no application ${applicationId} in the ledger.` },
      { application_id: applicationId },
    ),
  notImported: (applicationId: number, firstMissing: number) =>
    activationError(
      'ACTIVATION_RANGE_NOT_IMPORTED',
      {
        zh: `序号 ${firstMissing} 不在已导入的码段内（申请 ${applicationId}）。`,
        en: `Index ${firstMissing} is not in an imported segment of application ${applicationId}.`,
        zhHint: '只能激活已下载并导入的码。',
        enHint: 'Only downloaded and imported codes can be activated.',
      },
      { application_id: applicationId, first_missing: firstMissing },
    ),
  notIndexed: (applicationId: number, firstMissing: number) =>
    activationError(
      'ACTIVATION_RANGE_NOT_INDEXED',
      {
        zh: `序号 ${firstMissing} 所在的码段已导入，但还在建立扫码索引（申请 ${applicationId}）。`,
        en: `Index ${firstMissing} is imported but its codes are still being prepared for scanning (application ${applicationId}).`,
        zhHint: '请在“码批次”中等待该申请显示“已导入”后再激活。',
        enHint: 'Wait until the application shows "Imported" on the Batches screen, then activate.',
      },
      { application_id: applicationId, first_missing: firstMissing },
    ),
  twoApplications: (first: number, last: number) =>
    activationError(
      'ACTIVATION_SPANS_APPLICATIONS',
      {
        zh: `第一个码属于申请 ${first}，最后一个码属于申请 ${last}：一次激活不能跨两个申请。`,
        en: `The first code belongs to application ${first} and the last to ${last}: one activation cannot span two applications.`,
        zhHint: '请分别激活两个申请中的码段。',
        enHint: 'Activate each application’s part separately.',
      },
      { first_application_id: first, last_application_id: last },
    ),
  overlap: (existing: ActivationRow) => {
    const states: Record<string, [string, string]> = {
      pending: ['待发送', 'queued'],
      sending: ['发送中', 'sending'],
      active: ['已激活', 'active'],
    };
    const [zhState, enState] = states[existing.state] ?? [existing.state, existing.state];
    return activationError(
      'ACTIVATION_OVERLAP',
      {
        zh: `与激活 #${existing.id}（序号 ${existing.code_start}–${existing.code_end}，${existing.product_title}，${zhState}）重叠。`,
        en: `Overlaps activation #${existing.id} (indices ${existing.code_start}–${existing.code_end}, ${existing.product_title}, ${enState}).`,
        zhHint: '一个码只能激活一次；请调整序号段，或先取消那个激活（仅限失败的激活）。',
        enHint: 'A code is activated once; adjust the range, or cancel that activation first (failed ones only).',
      },
      { overlapping_activation_id: existing.id, overlapping_start: existing.code_start, overlapping_end: existing.code_end },
    );
  },
  unknownCode: (scanned: string) =>
    activationError(
      'ACTIVATION_CODE_UNKNOWN',
      {
        zh: `扫描的码 ${scanned} 不在任何已下载的码包中。`,
        en: `The scanned code ${scanned} is not in any downloaded package.`,
        zhHint: '请确认扫的是本工作站下载的码。',
        enHint: 'Check that the code comes from a batch this station downloaded.',
      },
      { scanned },
    ),
  invalidScan: (scanned: string) =>
    activationError(
      'ACTIVATION_SCAN_INVALID',
      {
        zh: `“${scanned}” 不是一物一码的码（应为 9 位码或 28 位码链接）。`,
        en: `“${scanned}” is not a marketing code (a 9-character code or a 28-character code URL).`,
        zhHint: '请重新扫描；确认输入法为英文。',
        enHint: 'Scan again; make sure the input method is English.',
      },
      { scanned },
    ),
  unknownPrintRun: (id: number) =>
    activationError(
      'ACTIVATION_PRINT_RUN_UNKNOWN',
      { zh: `没有打印批次 #${id}。`, en: `There is no print run #${id}.` },
      { print_run_id: id },
    ),
  unknownProduct: (productCode: string) =>
    activationError(
      'ACTIVATION_PRODUCT_UNKNOWN',
      {
        zh: `没有产品 ${productCode}。`,
        en: `There is no product ${productCode}.`,
        zhHint: '请先在“产品”中添加。',
        enHint: 'Add it on the Products screen first.',
      },
      { product_code: productCode },
    ),
  archivedProduct: (productCode: string) =>
    activationError(
      'ACTIVATION_PRODUCT_ARCHIVED',
      {
        zh: `产品 ${productCode} 已归档，不能用于新的激活。`,
        en: `Product ${productCode} is archived and cannot be used for new activations.`,
      },
      { product_code: productCode },
    ),
  notFound: (id: number) =>
    activationError('ACTIVATION_NOT_FOUND', { zh: `没有激活 #${id}。`, en: `There is no activation #${id}.` }, { id }),
  wrongState: (id: number, state: string, action: 'retry' | 'cancel') =>
    activationError(
      'ACTIVATION_WRONG_STATE',
      {
        zh:
          action === 'retry'
            ? `激活 #${id} 当前为 ${state}，只有失败或冲突的激活可以重试。`
            : `激活 #${id} 当前为 ${state}，只有待发送、失败或冲突的激活可以取消。`,
        en:
          action === 'retry'
            ? `Activation #${id} is ${state}; only failed or conflicting activations can be retried.`
            : `Activation #${id} is ${state}; only pending, failed or conflicting activations can be cancelled.`,
      },
      { id, state },
    ),
};
