/** Declared beside the package errors that name it (shared, so the texts can be built anywhere). */
import type { PackageSegmentRange } from '../../shared/error-catalogue/packages';
import type { ColumnRole, Separator } from './layout';
export type { PackageSegmentRange };

/** One line of a checked package, ready to insert. */
export interface ParsedCode {
  codeIndex: number;
  /** The 9-character code; null when the package carries code_urls only. */
  code: string | null;
  /** The 28-character code_url. */
  codeUrl: string;
  /** The text of the package's extra columns, in column order; absent when it has none. */
  extras?: string[];
}

/** Rows per batch handed to the importer: one insert loop and one progress event each. */
export const DEFAULT_BATCH_SIZE = 10_000;

/**
 * A package that has passed every check: count, order, format and uniqueness were all
 * verified before this object exists, so the importer never starts inserting a bad segment.
 */
export interface CheckedSegment {
  readonly range: PackageSegmentRange;
  /** The columns in order as kept in `segments.layout`, e.g. `index+code+url` or `extra+code+index+url`. */
  readonly layout: string;
  readonly columns: readonly ColumnRole[];
  readonly separator: Separator;
  /** The skipped header line (a safe excerpt), or null. */
  readonly header: string | null;
  /** True when the columns came from the mapping IT set, not from detection. */
  readonly manualLayout: boolean;
  /** Codes in the segment: `codeEnd - codeStart + 1`. */
  readonly count: number;
  /** Hex SHA-256 of the decrypted, unpadded plaintext, for the ledger. */
  readonly sha256: string;
  readonly plaintextBytes: number;
  /**
   * The rows in index order, `batchSize` at a time. Strings are made per batch, so only
   * the plaintext and a few offsets per code stay in memory between batches. Can be
   * iterated more than once.
   */
  batches(batchSize?: number): Generator<ParsedCode[], void, undefined>;
}
