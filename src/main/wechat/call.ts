/**
 * One marketcode call: POST the body with the access token in the query, and
 * after a failure do what `nextCallStep` says (refresh the token once, wait and
 * resend, or give up). Every retry resends the very same body.
 */
import type { z } from 'zod';
import { marketcodePath, type MarketcodeEndpoint } from './endpoints';
import { abortedError, isWechatError, type WechatError } from './errors';
import type { WechatClientEvent } from './events';
import { requestJson, type FetchLike } from './http';
import { FRESH_CALL_BUDGET, nextCallStep, retryReason, type CallBudget, type RetryPolicy } from './retry';
import type { TokenProvider } from './token-providers';
import { parseResponse } from './validate';

/** What every call of one client shares. */
export interface CallEnvironment {
  baseUrl: string;
  provider: TokenProvider;
  policy: RetryPolicy;
  fetch: FetchLike;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  emit: (event: WechatClientEvent) => void;
}

export interface EndpointRequest<T> {
  endpoint: MarketcodeEndpoint;
  /** Already validated; sent as it is on every attempt. */
  body: unknown;
  responseSchema: z.ZodType<T>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** A field to return as bytes rather than a string (see http.ts). */
  bytesField?: string;
}

export async function callEndpoint<T>(env: CallEnvironment, request: EndpointRequest<T>): Promise<T> {
  const { endpoint, signal } = request;
  const startedMs = env.now();
  const usedTokens: string[] = [];
  let budget: CallBudget = FRESH_CALL_BUDGET;
  let awaitingNewToken = false;

  for (let attempt = 1; ; attempt += 1) {
    let token: string | undefined;
    try {
      if (signal?.aborted) throw abortedError(endpoint);
      env.emit({ type: 'attempt', endpoint, attempt });
      token = await env.provider.getToken();
      usedTokens.push(token);
      if (awaitingNewToken) {
        awaitingNewToken = false;
        if (token !== budget.rejectedToken) env.emit({ type: 'token-refreshed', endpoint, providerKind: env.provider.kind });
      }
      const result = await sendOnce(env, request, token);
      env.emit({ type: 'success', endpoint, attempts: attempt, durationMs: env.now() - startedMs });
      return result;
    } catch (caught) {
      // Anything else is a bug (e.g. in a custom token provider), not a WeChat failure.
      if (!isWechatError(caught)) throw caught;
      const error = caught.redacted(usedTokens);
      const decision = nextCallStep(error, token, budget, env.policy, env.random);
      budget = decision.budget;
      if (decision.quota) env.emit({ type: 'quota-exhausted', endpoint, errcode: error.errcode ?? 0, ...decision.quota });
      const { step } = decision;
      if (step.kind === 'refresh-token') {
        awaitingNewToken = true;
        env.provider.invalidate(step.token);
        env.emit({ type: 'token-rejected', endpoint, errcode: error.errcode ?? 0 });
      } else if (step.kind === 'retry') {
        emitRetry(env, error, endpoint, attempt, step.delayMs);
        await env.sleep(step.delayMs, signal);
      } else {
        const final = error.withAttempts(attempt);
        env.emit({ type: 'failure', endpoint, attempts: attempt, durationMs: env.now() - startedMs, error: final });
        throw final;
      }
    }
  }
}

/** One request and its parsed answer; throws a WechatError for any failure. */
async function sendOnce<T>(env: CallEnvironment, request: EndpointRequest<T>, token: string): Promise<T> {
  const { endpoint, signal, bytesField } = request;
  const url = `${env.baseUrl}${marketcodePath(endpoint)}?access_token=${encodeURIComponent(token)}`;
  const json = await requestJson(env.fetch, {
    endpoint,
    method: 'POST',
    url,
    body: request.body,
    timeoutMs: request.timeoutMs,
    ...(signal ? { signal } : {}),
    ...(bytesField ? { bytesField } : {}),
  });
  return parseResponse(json, request.responseSchema, {
    endpoint,
    nowMs: env.now(),
    minuteQuotaDelayMs: env.policy.minuteQuotaDelayMs,
  });
}

function emitRetry(env: CallEnvironment, error: WechatError, endpoint: MarketcodeEndpoint, attempt: number, delayMs: number): void {
  env.emit({ type: 'retry-scheduled', endpoint, attempt, delayMs, reason: retryReason(error) ?? 'network', code: error.code });
}
