/**
 * Every error code the app can return, as one union the renderer switches on.
 * Each area declares its catalogue with defineErrors in this folder; add it here.
 */
import type { ActivationErrorCode } from './activation';
import type { AppErrorCode } from './app';
import type { AuditErrorCode } from './audit';
import type { BatchErrorCode } from './batches';
import type { CliErrorCode } from './cli';
import type { ConnectionErrorCode } from './connection';
import type { ExportErrorCode } from './export';
import type { LogErrorCode } from './log';
import type { ModeErrorCode } from './modes';
import type { PackageErrorCode } from './packages';
import type { ProductErrorCode } from './products';
import type { ReconcileErrorCode } from './reconcile';
import type { ScannerErrorCode } from './scanner';
import type { SupervisorErrorCode } from './supervisors';
import type { VerificationErrorCode } from './verification';
import type { WechatErrorCode } from './wechat';

export type ErrorCode =
  | ActivationErrorCode
  | AppErrorCode
  | AuditErrorCode
  | BatchErrorCode
  | CliErrorCode
  | ConnectionErrorCode
  | ExportErrorCode
  | LogErrorCode
  | ModeErrorCode
  | PackageErrorCode
  | ProductErrorCode
  | ReconcileErrorCode
  | ScannerErrorCode
  | SupervisorErrorCode
  | VerificationErrorCode
  | WechatErrorCode;
