/** Declared beside the package errors that name it (shared, so the texts can be built anywhere). */
import type { PackageSegmentRange } from '../../shared/error-catalogue/packages';
export type { PackageSegmentRange };

/** One line of a checked package, ready to insert. */
export interface ParsedCode {
  codeIndex: number;
  /** The 9-character code; null when the package carries code_urls only. */
  code: string | null;
  /** The 28-character code_url. */
  codeUrl: string;
}

/**
 * The field order found on every line of a package (the real layout is undocumented,
 * so the parser reads fields by their shape: `index` 1–8 digits, `code` 9 characters,
 * `url` 28 characters). The index, when present, comes first; a code_url is required.
 */
export const PACKAGE_LAYOUTS_DETECTED = ['url', 'code+url', 'url+code', 'index+url', 'index+code+url', 'index+url+code'] as const;
export type PackageLayoutDetected = (typeof PACKAGE_LAYOUTS_DETECTED)[number];

/** Rows per batch handed to the importer: one insert loop and one progress event each. */
export const DEFAULT_BATCH_SIZE = 10_000;

/**
 * A package that has passed every check: count, order, format and uniqueness were all
 * verified before this object exists, so the importer never starts inserting a bad segment.
 */
export interface CheckedSegment {
  readonly range: PackageSegmentRange;
  readonly layout: PackageLayoutDetected;
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
