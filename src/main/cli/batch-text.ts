import type { ApplicationSummary, ImportProgress } from '../../shared/batches-contract';
import type { Locale } from '../../shared/errors';
import { applicationReference } from './whole-number';

const STATE_WORDS: Record<ApplicationSummary['state'], Record<Locale, string>> = {
  applying: { 'zh-CN': '正在提交申请', en: 'sending the application' },
  waiting: { 'zh-CN': '微信正在生成码', en: 'WeChat is generating the codes' },
  downloading: { 'zh-CN': '正在下载和导入', en: 'downloading and importing' },
  imported: { 'zh-CN': '已全部导入', en: 'all codes imported' },
  failed: { 'zh-CN': '失败', en: 'failed' },
};

/** An application's state in words, including "waiting for the network" and WeChat's own status. */
export function describeApplication(summary: ApplicationSummary, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const words = [STATE_WORDS[summary.state][locale]];
  if (summary.state === 'applying' && summary.last_error)
    words.push(
      zh
        ? `等待网络：${summary.last_error.localized['zh-CN'].message}`
        : `waiting for the network: ${summary.last_error.localized.en.message}`,
    );
  if (summary.state === 'waiting' && summary.remote_status) words.push(`(${summary.remote_status})`);
  if (summary.state === 'failed' && summary.last_error) words.push(summary.last_error.localized[locale].message);
  if (summary.state === 'downloading' && summary.segments_indexed < summary.segments_imported)
    words.push(zh ? '扫码索引未完成' : 'not all codes scannable yet (look-ups being built)');
  const id = summary.application_id ?? (zh ? '尚未分配' : 'not assigned yet');
  const count = summary.code_count.toLocaleString('en-US');
  const segments = `${summary.segments_imported}/${summary.segments_total}`;
  return zh
    ? `申请 ${id}（外部编号 ${summary.isv_application_id}）：${count} 个码，${words.join('，')}；码段 ${segments}，已导入 ${summary.codes_imported.toLocaleString('en-US')} 个码`
    : `Application ${id} (isv ${summary.isv_application_id}): ${count} codes, ${words.join(', ')}; segments ${segments}, ${summary.codes_imported.toLocaleString('en-US')} codes imported`;
}

export function describeProgress(progress: ImportProgress, locale: Locale): string {
  if (progress.phase === 'indexing') {
    const left =
      progress.seconds_left === null
        ? ''
        : locale === 'zh-CN'
          ? `，剩余约 ${progress.seconds_left}s`
          : `, about ${progress.seconds_left}s left`;
    return locale === 'zh-CN'
      ? `建立扫码索引 ${progress.indexed_percent}%${left}`
      : `preparing the codes for scanning: ${progress.indexed_percent}%${left}`;
  }
  const percent = Math.floor((progress.codes_imported / progress.code_count) * 100);
  const left = progress.seconds_left === null ? '?' : `${progress.seconds_left}s`;
  return locale === 'zh-CN'
    ? `导入 ${progress.codes_imported.toLocaleString('en-US')}/${progress.code_count.toLocaleString('en-US')}（${percent}%），${progress.codes_per_second.toLocaleString('en-US')} 码/秒，剩余约 ${left}`
    : `imported ${progress.codes_imported.toLocaleString('en-US')}/${progress.code_count.toLocaleString('en-US')} (${percent}%), ${progress.codes_per_second.toLocaleString('en-US')} codes/s, about ${left} left`;
}

/**
 * Progress for a terminal: one line per whole percent of each phase (a 20,000,000-code import sends an event
 * every 10,000 codes); undefined for an event that would repeat the last line's percent.
 */
export function createProgressLines(locale: Locale): (progress: ImportProgress) => string | undefined {
  let last = '';
  return (progress) => {
    const percent =
      progress.phase === 'indexing'
        ? Math.floor(progress.indexed_percent)
        : Math.floor((progress.codes_imported / progress.code_count) * 100);
    const key = `${progress.isv_application_id} ${progress.phase} ${percent}`;
    if (key === last) return undefined;
    last = key;
    return describeProgress(progress, locale);
  };
}

/** See whole-number.ts: digits that fit exactly are an application_id; anything else (longer digit runs too) an isv_application_id, kept as typed. */
export const parseApplicationReference = applicationReference;
