/**
 * Every error code the app can return, as one union the renderer switches on.
 * Each area declares its catalogue with defineErrors in this folder; add it here.
 */
import type { ENVELOPE_ERROR } from '../envelope';
import type { WechatErrorCode } from './wechat';

export type ErrorCode = (typeof ENVELOPE_ERROR)[keyof typeof ENVELOPE_ERROR] | WechatErrorCode;
