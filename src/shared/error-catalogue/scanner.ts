/** Errors of the HID POS scanner (docs/scanners.md). */
import { defineErrors, type CodeOf } from '../define-errors';

/** The scanner as the messages name it: its product name when known, and always its vendor:product id. */
export interface ScannerRef {
  vendorId: number;
  productId: number;
  product?: string | undefined;
}

function nameOf(device: ScannerRef): string {
  const ids = `${hex4(device.vendorId)}:${hex4(device.productId)}`;
  return device.product ? `${device.product} (${ids})` : ids;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/** What went wrong, one line of the underlying error's message. */
interface Failure {
  device: ScannerRef;
  detail: string;
}

export const scannerErrors = defineErrors({
  HID_UNAVAILABLE: {
    en: (p: { reason: string }) => `HID scanning is unavailable: ${p.reason}`,
    'zh-CN': (p) => `HID 扫码不可用：${p.reason}`,
    hint: {
      en: 'Keyboard-wedge scanners still work; for HID POS ask IT to install libusb/libudev.',
      'zh-CN': '键盘模式扫码枪仍可使用；如需 HID POS，请联系 IT 安装 libusb/libudev。',
    },
  },
  HID_SCANNER_NOT_FOUND: {
    en: (p: { device: ScannerRef }) => `The chosen scanner ${nameOf(p.device)} is not plugged in.`,
    'zh-CN': (p) => `未找到所选扫码枪 ${nameOf(p.device)}。`,
    hint: {
      en: 'Plug it in; it connects by itself. If it is plugged in, check that it is in HID POS mode.',
      'zh-CN': '请插上扫码枪，插上后会自动连接。若已插上，请确认它处于 HID POS 模式。',
    },
    details: (p) => ({ vendorId: p.device.vendorId, productId: p.device.productId }),
  },
  HID_OPEN_FAILED: {
    en: (p: Failure & { platform: string }) => `Could not open the scanner ${nameOf(p.device)}: ${p.detail}`,
    'zh-CN': (p) => `无法打开扫码枪 ${nameOf(p.device)}：${p.detail}`,
    // Linux refuses for want of hidraw permission; elsewhere the usual cause is a scanner in keyboard mode.
    hint: {
      en: (p) =>
        p.platform === 'linux'
          ? 'The station needs read/write access to /dev/hidraw*: ask IT for the udev rule in docs/scanners.md, then replug. Retrying every 2 s.'
          : 'A scanner in keyboard mode cannot be opened as HID: scan its HID POS configuration code; another program may also hold it. Retrying every 2 s.',
      'zh-CN': (p) =>
        p.platform === 'linux'
          ? '需要对 /dev/hidraw* 的读写权限：请让 IT 添加 udev 规则（见 docs/scanners.md）后重新插拔。每 2 秒自动重试。'
          : '键盘模式的扫码枪无法以 HID 方式打开：请扫描 HID POS 设置码；也可能被其他程序占用。每 2 秒自动重试。',
    },
    details: (p) => ({ vendorId: p.device.vendorId, productId: p.device.productId, detail: p.detail }),
  },
  HID_SCANNER_DISCONNECTED: {
    en: (p: Failure) => `The scanner ${nameOf(p.device)} was disconnected (${p.detail}).`,
    'zh-CN': (p) => `扫码枪 ${nameOf(p.device)} 已断开（${p.detail}）。`,
    hint: {
      en: 'Check the cable; it reconnects by itself once plugged in (retrying every 2 s).',
      'zh-CN': '请检查数据线；重新插上后会自动连接（每 2 秒重试）。',
    },
    details: (p) => ({ vendorId: p.device.vendorId, productId: p.device.productId, detail: p.detail }),
  },
  HID_LIST_FAILED: {
    en: (p: { detail: string }) => `Could not list HID devices: ${p.detail}`,
    'zh-CN': (p) => `无法列出 HID 设备：${p.detail}`,
    hint: { en: 'Try again; if this persists, contact IT.', 'zh-CN': '请重试；如问题持续，请联系 IT。' },
  },
  /** A report the decoder refused: the scan is not used, the operator scans again. */
  HID_REPORT_MALFORMED: {
    en: (p: { reason: string; detail: string }) => `The scanner sent data that could not be read (${p.reason}); this scan was not used.`,
    'zh-CN': (p) => `扫码枪发送的数据无法读取（${p.reason}），本次扫码未使用。`,
    hint: {
      en: 'Scan the carton again. If this keeps happening, check the scanner’s HID POS settings.',
      'zh-CN': '请重新扫描该箱。若反复出现，请检查扫码枪的 HID POS 设置。',
    },
  },
});
export type ScannerErrorCode = CodeOf<typeof scannerErrors>;
