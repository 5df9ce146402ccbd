/**
 * The rows this area reads and writes: one declaration per table (migration 007),
 * everything else derived from them or from the tables of other areas.
 */
import type { ProductDetails } from '../../shared/products-contract';
import type { RemoteState, ScanSource, Verdict } from '../../shared/verification-contract';
import type { ActivationRow } from '../activation';
import type { CodeRow } from '../batches';
import type { ProductRow } from '../products';
import type { ScanKind } from '../scan/normalize-scan';

/** A row of `scans`. */
export interface ScanRow {
  id: number;
  session_id: number | null;
  station: string;
  source: ScanSource;
  input: string;
  normalized: string;
  kind: ScanKind;
  application_id: number | null;
  code_index: number | null;
  activation_id: number | null;
  local_verdict: Verdict;
  verdict: Verdict;
  remote: RemoteState;
  reason_json: string | null;
  /** What the scan was checked against: the session's product, or the CLI's `--product`. */
  expected_product: string | null;
  needs_ack: 0 | 1;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  acknowledged_via: 'button' | 'ack_code' | null;
  scanned_at: string;
  confirmed_at: string | null;
  remote_attempts: number;
}

/** A row of `scan_sessions`. */
export interface ScanSessionRow {
  id: number;
  station: string;
  line: string;
  product_code: string;
  activation_id: number | null;
  started_by: string;
  started_at: string;
  ended_by: string | null;
  ended_at: string | null;
  summary_json: string | null;
}

/** A session as read, with its product's title joined (null if the product row is gone). */
export type SessionRow = ScanSessionRow & { product_title: ProductRow['product_title'] | null };

export type NewScan = Omit<ScanRow, 'id' | 'acknowledged_by' | 'acknowledged_at' | 'acknowledged_via' | 'confirmed_at' | 'remote_attempts'>;
export type NewSession = Pick<ScanSessionRow, 'station' | 'line' | 'product_code' | 'activation_id' | 'started_by' | 'started_at'>;
/** What a confirmation writes back into its scan. */
export type RemoteUpdate = Pick<ScanRow, 'id' | 'remote' | 'verdict' | 'reason_json' | 'needs_ack' | 'activation_id'> & {
  confirmed_at: string;
};
export type AcknowledgedVia = NonNullable<ScanRow['acknowledged_via']>;

/** Where a scanned code sits: its application and index (from `code_lookup` / `code_url_lookup`). */
export type CodeRef = Pick<CodeRow, 'application_id' | 'code_index'>;
/** The fields of a live activation the verdicts and the remote comparison need. */
export type CoveringActivation = Pick<ActivationRow, 'id' | 'application_id' | 'code_start' | 'code_end' | 'state'> & ProductDetails;
/** An earlier scan of the same code in the same session (what makes a DUPLICATE). */
export type EarlierScan = Pick<ScanRow, 'id' | 'scanned_at'>;
/** The first PASS of a code in any session of the ledger (migration 012's index), with where it was. */
export type FirstPassRow = Pick<ScanRow, 'id' | 'station' | 'scanned_at'> & Pick<ScanSessionRow, 'line'>;
/** What a session start and an expected product need of a product. */
export type ProductFacts = Pick<ProductRow, 'product_code' | 'product_title' | 'archived_at'>;
/** The oldest FAIL of a session still awaiting acknowledgement. */
export type BlockingScan = Pick<ScanRow, 'id' | 'verdict'>;

export interface SessionTotals {
  total: number;
  unacknowledged: number;
  unconfirmed: number;
}
