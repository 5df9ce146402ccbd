/**
 * Every error code the app can return, as one union the renderer switches on.
 * Each area declares its catalogue with defineErrors in this folder; add it here.
 */
import type { ENVELOPE_ERROR } from '../envelope';
import type { ActivationErrorCode } from './activation';
import type { AuditErrorCode } from './audit';
import type { CliErrorCode } from './cli';
import type { ConnectionErrorCode } from './connection';
import type { LogErrorCode } from './log';
import type { WechatErrorCode } from './wechat';

export type ErrorCode =
  | (typeof ENVELOPE_ERROR)[keyof typeof ENVELOPE_ERROR]
  | WechatErrorCode
  | ActivationErrorCode
  | ConnectionErrorCode
  | LogErrorCode
  | AuditErrorCode
  | CliErrorCode;
