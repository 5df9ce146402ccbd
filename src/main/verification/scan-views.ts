import type { AppErrorPayload } from '../../shared/errors';
import { VERDICTS, type ScanResult, type Verdict } from '../../shared/verification-contract';
import type { NewScan, ScanRow } from './rows';

/** Every verdict at 0 (a session's counts always name all of them). */
export function emptyCounts(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
}

export function parseReason(reasonJson: string | null): AppErrorPayload | null {
  return reasonJson ? (JSON.parse(reasonJson) as AppErrorPayload) : null;
}

/** A scan as the station shows it. `reason`: given when the caller has it already (a scan just recorded). */
export function scanResultOf(
  row: NewScan & Pick<ScanRow, 'id' | 'acknowledged_by'>,
  reason: AppErrorPayload | null = parseReason(row.reason_json),
): ScanResult {
  return {
    id: row.id,
    session_id: row.session_id,
    source: row.source,
    input: row.input,
    normalized: row.normalized,
    kind: row.kind,
    application_id: row.application_id,
    code_index: row.code_index,
    activation_id: row.activation_id,
    local_verdict: row.local_verdict,
    verdict: row.verdict,
    remote: row.remote,
    reason,
    needs_ack: row.needs_ack === 1,
    acknowledged_by: row.acknowledged_by,
    scanned_at: row.scanned_at,
  };
}
