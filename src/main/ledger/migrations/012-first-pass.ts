import type { Migration } from '../migrate';

/**
 * Duplicates across sessions and stations (issue 12): a scan is a DUPLICATE when the same
 * application + index already passed in any session of this ledger. The look-up is one point
 * query on this partial index: only session scans whose final verdict is PASS are in it (a PASS
 * that WeChat later contradicts leaves it by itself), ordered by id so the first one is the first
 * entry. Chosen over a first-pass table written in the scan's transaction: the index needs no extra
 * statement on the scan path and cannot drift from the scans' verdicts (figures in docs/verification.md).
 */
export const migration012FirstPass: Migration = {
  version: 12,
  name: 'first-pass',
  sql: `
    CREATE INDEX scans_first_pass ON scans (application_id, code_index, id)
      WHERE verdict = 'PASS' AND session_id IS NOT NULL;
  `,
};
