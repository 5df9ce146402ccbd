/**
 * Every error code the app can return, as one union the renderer switches on.
 * Each area declares its catalogue with defineErrors in this folder; add it here.
 */
import type { AppErrorCode } from './app';
import type { BatchErrorCode } from './batches';
import type { ExportErrorCode } from './export';
import type { PackageErrorCode } from './packages';
import type { ProductErrorCode } from './products';
import type { ScannerErrorCode } from './scanner';
import type { SupervisorErrorCode } from './supervisors';
import type { VerificationErrorCode } from './verification';

export type ErrorCode =
  | AppErrorCode
  | BatchErrorCode
  | ExportErrorCode
  | PackageErrorCode
  | ProductErrorCode
  | ScannerErrorCode
  | SupervisorErrorCode
  | VerificationErrorCode;
