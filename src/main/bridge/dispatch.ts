import type { z } from 'zod';
import { contract, isChannel, type Channel, type ChannelResponse, type ParsedRequest } from '../../shared/contract';
import { ENVELOPE_ERROR, type Envelope } from '../../shared/envelope';
import { AppError, isAppError, type AppErrorPayload } from '../../shared/errors';

/** Everything a handler may need about who is calling. Extended as roles arrive. */
export interface DispatchContext {
  transport: 'ipc' | 'http' | 'direct';
}

/** One handler per channel; a missing entry is a compile error where the map is built. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequest<C>, context: DispatchContext) => Promise<ChannelResponse<C>> | ChannelResponse<C>;
};

export type Dispatch = (channel: unknown, raw: unknown, context?: DispatchContext) => Promise<Envelope<unknown>>;

export interface DispatchLogger {
  error(message: string, fields: Record<string, unknown>): void;
}

/**
 * Transport-free entry point: Electron IPC, the harness's HTTP bridge and tests
 * all call this. It never throws; every failure comes back as an envelope.
 */
export function createDispatch(handlers: Handlers, logger?: DispatchLogger): Dispatch {
  return async (channel, raw, context = { transport: 'direct' }) => {
    if (!isChannel(channel)) {
      return failure(unknownChannelError(channel));
    }
    const spec = contract[channel];
    const parsed = spec.request.safeParse(raw ?? {});
    if (!parsed.success) {
      return failure(invalidRequestError(channel, parsed.error));
    }
    try {
      const handler = handlers[channel] as (request: unknown, context: DispatchContext) => unknown;
      const result = await handler(parsed.data, context);
      const checked = spec.response.safeParse(result);
      if (!checked.success) {
        logger?.error('handler returned a response outside the contract', { channel, issues: checked.error.issues });
        return failure(internalError(ENVELOPE_ERROR.invalidResponse, channel));
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      if (isAppError(error)) return failure(error.toPayload());
      logger?.error('handler failed', { channel, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return failure(internalError(ENVELOPE_ERROR.internal, channel));
    }
  };
}

function failure(error: AppErrorPayload): Envelope<never> {
  return { ok: false, error };
}

function unknownChannelError(channel: unknown): AppErrorPayload {
  const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
  return new AppError(
    ENVELOPE_ERROR.unknownChannel,
    {
      'zh-CN': { message: `未知的请求通道：${name}`, hint: '请更新应用；如问题持续，请联系 IT。' },
      en: { message: `Unknown request channel: ${name}`, hint: 'Update the app; if this persists, contact IT.' },
    },
    { channel: name },
  ).toPayload();
}

function invalidRequestError(channel: Channel, error: z.ZodError): AppErrorPayload {
  const first = error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join('.') : '(request)';
  const reason = first?.message ?? 'invalid';
  return new AppError(
    ENVELOPE_ERROR.invalidRequest,
    {
      'zh-CN': { message: `请求无效（${channel}）：字段 ${field} ${reason}`, hint: '请检查输入后重试。' },
      en: { message: `Invalid request (${channel}): field ${field}: ${reason}`, hint: 'Check the input and try again.' },
    },
    { channel, field, issues: error.issues.length },
  ).toPayload();
}

function internalError(code: string, channel: Channel): AppErrorPayload {
  return new AppError(
    code,
    {
      'zh-CN': { message: `内部错误（${channel}），已记录到日志。`, hint: '请重试；如问题持续，请将日志发给 IT。' },
      en: { message: `Internal error (${channel}); it has been logged.`, hint: 'Try again; if it persists, send the log to IT.' },
    },
    { channel },
  ).toPayload();
}
