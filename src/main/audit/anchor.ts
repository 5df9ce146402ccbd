/**
 * Anchors: the chain head (seq and hash) written outside the ledger, into every
 * export manifest and shift report. Someone who can write the SQLite file can
 * rewrite the whole chain so that `verify()` passes, but cannot reach the copies
 * that already left the PC; comparing the ledger with one of them shows it.
 */
import type { AuditRow } from './audit-row';

/** The head of the chain as an export manifest or a shift report records it. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** What the ledger says about an anchor: still there with that hash, gone, or there with another hash. */
export type AnchorCheck =
  | { ok: true; seq: number; head_seq: number }
  | {
      ok: false;
      reason: 'missing';
      seq: number;
      /** The ledger's last entry now (0 for an empty log): at least `seq - head_seq` entries were removed from the end. */
      head_seq: number;
      removed_at_least: number;
    }
  | { ok: false; reason: 'different'; seq: number; head_seq: number; anchored_hash: string; ledger_hash: string };

const HASH = /^[0-9a-f]{64}$/;

/** Whether a value read from a file is an anchor (a positive whole seq and a lowercase SHA-256). */
export function isAuditAnchor(value: unknown): value is AuditAnchor {
  if (value === null || typeof value !== 'object') return false;
  const { seq, hash } = value as Record<string, unknown>;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 && typeof hash === 'string' && HASH.test(hash);
}

/**
 * Compares an anchor with the ledger's entry of the same seq (undefined when there
 * is none) and its last seq. A chain rewritten from that entry or earlier changes its
 * hash, since each hash covers every entry before it; one cut short no longer has it.
 */
export function compareWithAnchor(anchor: AuditAnchor, entry: Pick<AuditRow, 'hash'> | undefined, headSeq: number): AnchorCheck {
  if (!entry) return { ok: false, reason: 'missing', seq: anchor.seq, head_seq: headSeq, removed_at_least: anchor.seq - headSeq };
  if (entry.hash !== anchor.hash) {
    return { ok: false, reason: 'different', seq: anchor.seq, head_seq: headSeq, anchored_hash: anchor.hash, ledger_hash: entry.hash };
  }
  return { ok: true, seq: anchor.seq, head_seq: headSeq };
}
