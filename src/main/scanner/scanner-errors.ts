import { AppError } from '../../shared/errors';
import type { HidPosError } from './hid-pos-decoder';

interface DeviceRef {
  vendorId: number;
  productId: number;
  product?: string | undefined;
}

function name(device: DeviceRef): string {
  const ids = `${hex4(device.vendorId)}:${hex4(device.productId)}`;
  return device.product ? `${device.product} (${ids})` : ids;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 200) ?? '';
}

export function hidUnavailableError(reason: string): AppError {
  return new AppError(
    'HID_UNAVAILABLE',
    {
      'zh-CN': { message: `HID 扫码不可用：${reason}`, hint: '键盘模式扫码枪仍可使用；如需 HID POS，请联系 IT 安装 libusb/libudev。' },
      en: {
        message: `HID scanning is unavailable: ${reason}`,
        hint: 'Keyboard-wedge scanners still work; for HID POS ask IT to install libusb/libudev.',
      },
    },
    { reason },
  );
}

export function scannerNotFoundError(device: DeviceRef): AppError {
  return new AppError(
    'HID_SCANNER_NOT_FOUND',
    {
      'zh-CN': {
        message: `未找到所选扫码枪 ${name(device)}。`,
        hint: '请插上扫码枪，插上后会自动连接。若已插上，请确认它处于 HID POS 模式。',
      },
      en: {
        message: `The chosen scanner ${name(device)} is not plugged in.`,
        hint: 'Plug it in; it connects by itself. If it is plugged in, check that it is in HID POS mode.',
      },
    },
    { vendorId: device.vendorId, productId: device.productId },
  );
}

export function scannerOpenError(device: DeviceRef, error: unknown, platform: NodeJS.Platform): AppError {
  const detail = messageOf(error);
  const linux = platform === 'linux';
  return new AppError(
    'HID_OPEN_FAILED',
    {
      'zh-CN': {
        message: `无法打开扫码枪 ${name(device)}：${detail}`,
        hint: linux
          ? '需要对 /dev/hidraw* 的读写权限：请让 IT 添加 udev 规则（见 docs/scanners.md）后重新插拔。每 2 秒自动重试。'
          : '键盘模式的扫码枪无法以 HID 方式打开：请扫描 HID POS 设置码；也可能被其他程序占用。每 2 秒自动重试。',
      },
      en: {
        message: `Could not open the scanner ${name(device)}: ${detail}`,
        hint: linux
          ? 'The station needs read/write access to /dev/hidraw*: ask IT for the udev rule in docs/scanners.md, then replug. Retrying every 2 s.'
          : 'A scanner in keyboard mode cannot be opened as HID: scan its HID POS configuration code; another program may also hold it. Retrying every 2 s.',
      },
    },
    { vendorId: device.vendorId, productId: device.productId, detail },
  );
}

export function scannerLostError(device: DeviceRef, error: unknown): AppError {
  const detail = messageOf(error);
  return new AppError(
    'HID_SCANNER_DISCONNECTED',
    {
      'zh-CN': { message: `扫码枪 ${name(device)} 已断开（${detail}）。`, hint: '请检查数据线；重新插上后会自动连接（每 2 秒重试）。' },
      en: {
        message: `The scanner ${name(device)} was disconnected (${detail}).`,
        hint: 'Check the cable; it reconnects by itself once plugged in (retrying every 2 s).',
      },
    },
    { vendorId: device.vendorId, productId: device.productId, detail },
  );
}

export function scannerListError(error: unknown): AppError {
  const detail = messageOf(error);
  return new AppError(
    'HID_LIST_FAILED',
    {
      'zh-CN': { message: `无法列出 HID 设备：${detail}`, hint: '请重试；如问题持续，请联系 IT。' },
      en: { message: `Could not list HID devices: ${detail}`, hint: 'Try again; if this persists, contact IT.' },
    },
    { detail },
  );
}

/** A report the decoder refused: the scan is not used, the operator scans again. */
export function scannerReportError(error: HidPosError): AppError {
  return new AppError(
    'HID_REPORT_MALFORMED',
    {
      'zh-CN': {
        message: `扫码枪发送的数据无法读取（${error.reason}），本次扫码未使用。`,
        hint: '请重新扫描该箱。若反复出现，请检查扫码枪的 HID POS 设置。',
      },
      en: {
        message: `The scanner sent data that could not be read (${error.reason}); this scan was not used.`,
        hint: 'Scan the carton again. If this keeps happening, check the scanner’s HID POS settings.',
      },
    },
    { reason: error.reason, detail: error.detail },
  );
}
