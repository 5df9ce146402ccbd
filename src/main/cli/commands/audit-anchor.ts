/**
 * `audit verify --against FILE`: the audit chain head that an export manifest or a
 * shift report recorded, read back from the file, and what the ledger says about it
 * in words. Reading is a pure function of the file's text; the check is audit/anchor.ts.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { AppMode } from '../../../shared/contract';
import { auditErrors } from '../../../shared/error-catalogue/audit';
import type { Locale } from '../../../shared/errors';
import { shortAuditHash } from '../../../shared/log-contract';
import { isAuditAnchor, type AnchorCheck, type AuditAnchor } from '../../audit';
import { localTime, systemTimeZone } from '../../log/local-time';
import { ANCHOR_ROW_LABELS, modeOfReportWord } from '../../log/report-text';
import { chainName } from './audit-text';

/** An anchor as a file recorded it, with when that file was written (in words, local time). */
export interface RecordedAnchor {
  anchor: AuditAnchor;
  source: 'manifest' | 'shift_report';
  /**
   * The mode whose ledger wrote the file, so whose chain holds the anchor: a Training manifest says `"mode": "training"`
   * (a Live one says nothing), a shift report has a Mode row; a report written before it had one is taken as Live's.
   */
  mode: AppMode;
  /** `2026-12-03 14:02:05`; undefined when the file does not say. */
  writtenAt: string | undefined;
}

/** A manifest is a few hundred bytes and a report's head comes in its first lines: the start of a file is enough. */
const READ_LIMIT = 1024 * 1024;

/** Reads the anchor a manifest or shift report recorded; throws AUDIT_ANCHOR_UNREADABLE or AUDIT_ANCHOR_NOT_FOUND. */
export function readRecordedAnchor(file: string, timeZone = systemTimeZone()): RecordedAnchor {
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(READ_LIMIT);
      text = buffer.subarray(0, readSync(fd, buffer, 0, READ_LIMIT, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw auditErrors.AUDIT_ANCHOR_UNREADABLE({ file }, { cause: error });
  }
  const recorded = parseRecordedAnchor(text, timeZone);
  if (!recorded) throw auditErrors.AUDIT_ANCHOR_NOT_FOUND({ file: basename(file) });
  return recorded;
}

/** The anchor in a manifest's JSON (`audit_head`, `exported_at`) or a shift report's header rows; undefined when none. */
export function parseRecordedAnchor(text: string, timeZone: string): RecordedAnchor | undefined {
  const body = text.replace(/^\uFEFF/, '');
  const manifest = parseJsonObject(body);
  if (manifest) {
    if (!isAuditAnchor(manifest.audit_head)) return undefined;
    const { seq, hash } = manifest.audit_head;
    const exportedAt = typeof manifest.exported_at === 'string' ? localTime(timeZone).format(manifest.exported_at) : undefined;
    const mode = manifest.mode === 'training' ? 'training' : 'live';
    return { anchor: { seq, hash }, source: 'manifest', mode, writtenAt: exportedAt };
  }
  return parseReportHeader(body);
}

/** A shift report's header block (up to its first empty line): the head row, with the Generated and Mode rows. */
function parseReportHeader(body: string): RecordedAnchor | undefined {
  const is = (labels: readonly string[], label: string) => labels.includes(label);
  let writtenAt: string | undefined;
  let mode: AppMode | undefined;
  let anchor: unknown;
  for (const line of body.split(/\r?\n/)) {
    if (line === '' && anchor !== undefined) break;
    // The header rows hold no quoted cells: a label, then numbers, a hash, a local time or a word.
    const [label = '', first, second] = line.split(',');
    if (is(ANCHOR_ROW_LABELS.generated, label)) writtenAt ??= first;
    if (is(ANCHOR_ROW_LABELS.mode, label)) mode ??= modeOfReportWord(first);
    if (is(ANCHOR_ROW_LABELS.auditHead, label) && anchor === undefined) {
      anchor = { seq: /^\d{1,15}$/.test(first ?? '') ? Number(first) : NaN, hash: second };
      if (!isAuditAnchor(anchor)) return undefined;
    }
  }
  return isAuditAnchor(anchor) ? { anchor, source: 'shift_report', mode: mode ?? 'live', writtenAt } : undefined;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const count = (value: number) => new Intl.NumberFormat('en-US').format(value);

/**
 * "Training ledger: entry #1,234 recorded in the Training manifest of 2026-12-03 14:02:05 is missing: …", in the CLI's
 * language; the line starts with the chain the file belongs to.
 */
export function describeAnchorCheck(check: AnchorCheck, recorded: RecordedAnchor, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const chain = chainName(recorded.mode === 'training' ? 'training' : 'station', locale);
  return `${chain}${zh ? '：' : ': '}${describeCheck(check, recorded, zh)}`;
}

function describeCheck(check: AnchorCheck, recorded: RecordedAnchor, zh: boolean): string {
  const when = recorded.writtenAt;
  const training = recorded.mode === 'training';
  const where = zh
    ? `${when ? `${when} 的` : ''}${training ? '培训' : ''}${recorded.source === 'manifest' ? '导出清单' : '班次报告'}`
    : `the ${training ? 'Training ' : ''}${recorded.source === 'manifest' ? 'manifest' : 'shift report'}${when ? ` of ${when}` : ''}`;
  const seq = count(check.seq);
  if (check.ok) {
    return zh
      ? `审计链仍包含${where}记录的第 ${seq} 条记录（${shortAuditHash(recorded.anchor.hash)}）。\n`
      : `the chain still holds entry #${seq} recorded in ${where} (${shortAuditHash(recorded.anchor.hash)}).\n`;
  }
  const evidence = zh
    ? '请保留该数据目录的副本作为证据，并联系主管。'
    : 'Keep a copy of this data directory as evidence and tell your supervisor.';
  if (check.reason === 'missing') {
    const removed = count(check.removed_at_least);
    const now =
      check.head_seq === 0
        ? zh
          ? '审计日志现在是空的'
          : 'the audit log is now empty'
        : zh
          ? `账本现在只到第 ${count(check.head_seq)} 条`
          : `the ledger now ends at entry #${count(check.head_seq)}`;
    return (
      (zh
        ? `${where}记录的第 ${seq} 条记录已不存在：${now}，至少最后 ${removed} 条记录被删除了。`
        : `entry #${seq} recorded in ${where} is missing: ${now}, so at least the last ${removed} ${check.removed_at_least === 1 ? 'entry was' : 'entries were'} removed.`) +
      `\n${evidence}\n`
    );
  }
  const then = shortAuditHash(check.anchored_hash);
  const nowHash = shortAuditHash(check.ledger_hash);
  return (
    (zh
      ? `${where}记录的第 ${seq} 条记录已不同：哈希原为 ${then}，现在为 ${nowHash}，说明审计链在该条或更早处被改写过。`
      : `entry #${seq} recorded in ${where} is different: its hash was ${then} and is now ${nowHash}, so the chain was rewritten at or before that entry.`) +
    `\n${evidence}\n`
  );
}
