import type { Locale } from '../../../shared/errors';
import { createAuditLog, type AuditBreakReason, type AuditLog, type AuditRow, type AuditVerifyResult } from '../../audit';
import { openLedger, type SqliteDatabase } from '../../ledger';
import type { CliCommand } from '../command';
import { describeAnchorCheck, readRecordedAnchor } from './audit-anchor';
import { assertLedgerExists } from './ledger-stats';

export interface AuditCommandDeps {
  /** How to open (and migrate) the ledger; the normal `openLedger` unless a test swaps it. */
  openLedger?: (dataDir: string) => SqliteDatabase;
}

/**
 * `marketcode audit verify [--against FILE] [--json]`: walks the hash chain, and with `--against` also checks
 * that it still holds the head an export manifest or shift report recorded; exit 0 when both hold, else 1.
 */
export function createAuditCommand(deps: AuditCommandDeps = {}): CliCommand {
  const open = deps.openLedger ?? openLedger;
  return {
    path: ['audit', 'verify'],
    usage: 'marketcode audit verify [--against FILE] [--json]',
    summary: {
      'zh-CN': '校验审计日志的哈希链是否完整（可与导出清单或班次报告记录的最新记录核对）',
      en: 'Check that the audit log hash chain is intact (and still holds the head an export manifest or shift report recorded)',
    },
    options: { json: { type: 'boolean' }, against: { type: 'string' } },
    async run(context, values) {
      assertLedgerExists(context.dataDir);
      // The file first: a wrong path is refused before the ledger is opened.
      const recorded = typeof values.against === 'string' ? readRecordedAnchor(values.against) : undefined;
      const db = open(context.dataDir);
      try {
        const audit = createAuditLog(db);
        const result = audit.verify();
        const check = recorded ? audit.checkAnchor(recorded.anchor) : undefined;
        if (values.json) {
          const against = recorded && check ? { file: values.against, source: recorded.source, anchor: recorded.anchor, check } : undefined;
          context.io.stdout(JSON.stringify(against ? { ...result, against } : result, null, 2) + '\n');
        } else {
          context.io.stdout(describe(db, audit, result, context.locale));
          if (recorded && check) context.io.stdout(describeAnchorCheck(check, recorded, context.locale));
        }
        return result.ok && (check?.ok ?? true) ? 0 : 1;
      } finally {
        db.close();
      }
    },
  };
}

export const auditCommand: CliCommand = createAuditCommand();

function describe(db: SqliteDatabase, audit: AuditLog, result: AuditVerifyResult, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (result.ok) {
    const lines = [zh ? `审计链完整：共 ${result.entries} 条记录` : `audit chain intact: ${result.entries} entries`];
    const head = audit.head();
    if (head) lines.push(zh ? `最新记录：#${head.seq} ${head.hash}` : `head: #${head.seq} ${head.hash}`);
    return lines.join('\n') + '\n';
  }
  const row = db.prepare('SELECT action, at FROM audit_log WHERE seq = ?').get(result.first_broken_seq) as
    Pick<AuditRow, 'action' | 'at'> | undefined;
  const seq = result.first_broken_seq;
  const action = row?.action ?? '?';
  const at = row?.at ?? '?';
  // Entries 1 … entries_checked - 1 were consecutive and intact, so the first missing seq is entries_checked.
  const missingFrom = result.entries_checked;
  const why = reasonText(result.reason, zh, missingFrom, seq);
  return (
    (zh
      ? [
          `审计链已损坏：第 #${seq} 条记录（${action}，${at}）—— ${result.reason}：${why}`,
          `已检查 ${result.entries_checked} 条记录；#${seq} 之前的记录完好。`,
          '请保留该数据目录的副本作为证据，并联系主管。',
        ]
      : [
          `audit chain BROKEN at entry #${seq} (${action}, ${at}) — ${result.reason}: ${why}`,
          `${result.entries_checked} entries checked; the entries before #${seq} are intact.`,
          'Keep a copy of this data directory as evidence and tell your supervisor.',
        ]
    ).join('\n') + '\n'
  );
}

function reasonText(reason: AuditBreakReason, zh: boolean, missingFrom: number, seq: number): string {
  const missing = missingFrom === seq - 1 ? `#${missingFrom}` : `#${missingFrom}–#${seq - 1}`;
  switch (reason) {
    case 'hash_mismatch':
      return zh ? '记录内容与其哈希不符（记录被修改过）' : 'its contents no longer match its hash (the entry was edited)';
    case 'prev_hash_mismatch':
      return zh ? '与前一条记录的链接不符' : 'it does not link to the entry before it';
    case 'seq_gap':
      if (zh) return `它之前的记录 ${missing} 缺失（已被删除）`;
      return missingFrom === seq - 1
        ? `entry ${missing} before it is missing (deleted)`
        : `entries ${missing} before it are missing (deleted)`;
  }
}
