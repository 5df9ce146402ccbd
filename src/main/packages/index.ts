/**
 * Downloaded segment → checked rows: decrypt (strict base64, AES-128-CBC, strict
 * PKCS#7), read the undocumented line layout, check count, order, format and
 * uniqueness, hash the plaintext. Everything up to the insert; the import service owns
 * the transaction. Memory: one segment's buffers plus 8 bytes a code of offsets, never
 * more than one segment. See docs/packages.md.
 */
import { assertSegmentRange, checkPackage } from './check';
import { decryptPackage } from './decrypt';
import type { ColumnRole } from './layout';
import type { CheckedSegment, PackageSegmentRange } from './types';

export { checkPackage, assertSegmentRange, CODE_LENGTH, CODE_URL_LENGTH } from './check';
export { decryptPackage, isValidServiceKey } from './decrypt';
export {
  inspectPackage,
  inspectPlaintext,
  maskValue,
  type PackageColumnReport,
  type PackageInspection,
  type PackageStructure,
} from './inspect';
export { PACKAGE_ERROR_CODES, PackageError, isPackageError, packageError, type PackageErrorCode } from './package-error';
export type { BadLineReason, CorruptReason } from '../../shared/error-catalogue/packages';
export { DEFAULT_BATCH_SIZE, type CheckedSegment, type PackageSegmentRange, type ParsedCode } from './types';
export {
  COLUMN_ROLES,
  SEPARATORS,
  describeColumns,
  isUsableMapping,
  parseColumnMapping,
  type ColumnRole,
  type LineLayout,
  type Separator,
} from './layout';

/**
 * `applycodedownload`'s base64 `buffer` for `range` (in the layout `columns` when IT set one) → a fully checked segment whose
 * `batches()` yield the rows to insert. Throws a `PackageError` (an `AppError`) before
 * any row is produced when anything about the segment is wrong.
 */
export function openSegmentPackage(
  base64: string,
  serviceKey: string,
  range: PackageSegmentRange,
  columns?: readonly ColumnRole[],
): CheckedSegment {
  assertSegmentRange(range);
  return checkPackage(decryptPackage(base64, serviceKey, range), range, columns);
}
