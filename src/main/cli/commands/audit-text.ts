/**
 * `audit verify`'s words for each chain it checked, in the CLI's language: a pure function of the verify result,
 * the chain's head and the broken entry's action and time (read by audit.ts).
 */
import type { Locale } from '../../../shared/errors';
import type { AuditAnchor, AuditBreakReason, AuditVerifyResult } from '../../audit';

/** The station's chain (in ledger.sqlite: Live's actions and the station's own) or Training's (training/ledger.sqlite). */
export type AuditChain = 'station' | 'training';

/** What audit.ts found in one chain. */
export interface CheckedChain {
  chain: AuditChain;
  result: AuditVerifyResult;
  head: AuditAnchor | undefined;
  /** The first broken entry's action and time, when the chain is broken and that entry is still there. */
  broken?: { action: string; at: string };
}

const CHAIN_NAMES: Record<AuditChain, Record<Locale, string>> = {
  station: { en: 'Station and Live ledger', 'zh-CN': '工作站与正式账本' },
  training: { en: 'Training ledger', 'zh-CN': '培训账本' },
};

/** "Station and Live ledger" / "工作站与正式账本", "Training ledger" / "培训账本". */
export function chainName(chain: AuditChain, locale: Locale): string {
  return CHAIN_NAMES[chain][locale];
}

const count = (value: number) => new Intl.NumberFormat('en-US').format(value);

/** "Station and Live ledger: 1,234 entries, intact" and its head, or where and why it broke. */
export function describeChain({ chain, result, head, broken }: CheckedChain, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const name = chainName(chain, locale);
  if (result.ok) {
    const lines = [zh ? `${name}：共 ${count(result.entries)} 条记录，完整` : `${name}: ${count(result.entries)} entries, intact`];
    if (head) lines.push(zh ? `  最新记录：#${count(head.seq)} ${head.hash}` : `  head: #${count(head.seq)} ${head.hash}`);
    return lines.join('\n') + '\n';
  }
  const seq = result.first_broken_seq;
  const action = broken?.action ?? '?';
  const at = broken?.at ?? '?';
  // Entries 1 … entries_checked - 1 were consecutive and intact, so the first missing seq is entries_checked.
  const why = reasonText(result.reason, zh, result.entries_checked, seq);
  const checked = count(result.entries_checked);
  return (
    (zh
      ? [
          `${name}：已损坏，第 #${seq} 条记录（${action}，${at}）—— ${result.reason}：${why}`,
          `  已检查 ${checked} 条记录；#${seq} 之前的记录完好。`,
        ]
      : [
          `${name}: BROKEN at entry #${seq} (${action}, ${at}) — ${result.reason}: ${why}`,
          `  ${checked} entries checked; the entries before #${seq} are intact.`,
        ]
    ).join('\n') + '\n'
  );
}

/** The closing line when any chain is broken. */
export function evidenceHint(locale: Locale): string {
  return locale === 'zh-CN'
    ? '请保留该数据目录的副本作为证据，并联系主管。\n'
    : 'Keep a copy of this data directory as evidence and tell your supervisor.\n';
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
