import type { LocalTime } from '../log/local-time';
import type { CodeRef } from './rows';
import type { FirstPass, SeenBefore } from './verdict-rules';
import type { VerificationStore } from './verification-store';

/** What makes a DUPLICATE, read from the ledger for a scan in a session (each one an indexed point query). */
export interface DuplicateFacts {
  /** An earlier scan of the code in this session, any verdict. */
  earlier: SeenBefore | undefined;
  /** The first PASS of the code in any session of the ledger (any station); only read when `earlier` is absent. */
  firstPass: FirstPass | undefined;
}

/**
 * The duplicate facts of a code scanned in session `sessionId`, before scan `beforeId` (a scan being judged
 * now: `Number.MAX_SAFE_INTEGER`). Times become local wall-clock text here, where the station's zone is known.
 */
export function duplicateFacts(
  store: VerificationStore,
  time: LocalTime,
  sessionId: number,
  code: CodeRef,
  beforeId: number,
): DuplicateFacts {
  const earlier = store.earlierScan(sessionId, code.application_id, code.code_index, beforeId);
  if (earlier) return { earlier: { id: earlier.id, seen_at: time.format(earlier.scanned_at) }, firstPass: undefined };
  const first = store.firstPass(code.application_id, code.code_index, beforeId);
  if (!first) return { earlier: undefined, firstPass: undefined };
  return { earlier: undefined, firstPass: { id: first.id, station: first.station, line: first.line, seen_at: time.format(first.scanned_at) } };
}
