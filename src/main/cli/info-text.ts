/** `marketcode info`: the app's facts as snake_case JSON (like `ledger stats --json` and the API) and as words. */
import type { AppInfo } from '../../shared/contract';
import type { Locale } from '../../shared/errors';

/** The JSON `info --json` prints: AppInfo's fields under snake_case names, values unchanged. */
export function infoJson(info: AppInfo): Record<string, unknown> {
  return {
    product_name: info.productName,
    version: info.version,
    mode: info.mode,
    data_dir: info.dataDir,
    live_credentials_set: info.liveCredentialsSet,
    system_locale: info.systemLocale,
    hid: info.hid,
    ...(info.ledgerSplit ? { ledger_split: info.ledgerSplit } : {}),
  };
}

const MODE_WORDS: Record<Locale, Record<AppInfo['mode'], string>> = {
  en: { training: 'Training', live: 'Live' },
  'zh-CN': { training: '培训', live: '正式' },
};

/** The mode as a person reads it (the same words as the app's mode chip), never the enum. */
export function modeWord(mode: AppInfo['mode'], locale: Locale): string {
  return MODE_WORDS[locale][mode];
}
