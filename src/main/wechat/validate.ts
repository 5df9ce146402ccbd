/**
 * Turns schema results into `WechatError`s: a bad request becomes a validation
 * error before any network call, a non-zero errcode becomes an API error, and a
 * success without the promised fields becomes a bad-response error.
 */
import type { z } from 'zod';
import type { Endpoint } from './endpoints';
import { VALIDATION_ISSUES, type ValidationIssue } from '../../shared/error-catalogue/wechat';
import { apiError, badResponseError, validationError } from './errors';
import type { JsonObject } from './http';

export function validateRequest<T>(endpoint: Endpoint, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'request';
  const key = issue && issue.message in VALIDATION_ISSUES ? (issue.message as ValidationIssue) : 'invalid';
  throw validationError(endpoint, field, key);
}

export interface ResponseContext {
  endpoint: Endpoint;
  nowMs: number;
  minuteQuotaDelayMs: number;
}

/** WeChat answers flat JSON; `errcode` is absent or 0 on success. */
export function parseResponse<T>(body: JsonObject, schema: z.ZodType<T>, context: ResponseContext): T {
  const { endpoint } = context;
  const errcode = readErrcode(body.errcode);
  if (errcode === null) throw badResponseError(endpoint, 'errcode is not a number');
  if (errcode !== undefined && errcode !== 0) {
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
    throw apiError({ endpoint, errcode, errmsg, nowMs: context.nowMs, minuteQuotaDelayMs: context.minuteQuotaDelayMs });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw badResponseError(endpoint, `${where}: ${issue?.message ?? 'unexpected shape'}`);
}

/** undefined when absent, null when present but not an integer (a numeric string is accepted). */
function readErrcode(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return null;
}
