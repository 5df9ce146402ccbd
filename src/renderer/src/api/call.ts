import type { Channel, ChannelRequest, ChannelResponse } from '../../../shared/contract';
import { ENVELOPE_ERROR } from '../../../shared/envelope';
import type { AppErrorPayload } from '../../../shared/errors';

/** A failed call, carrying main's translatable error payload. */
export class CallError extends Error {
  readonly payload: AppErrorPayload;
  constructor(payload: AppErrorPayload) {
    super(payload.message);
    this.name = 'CallError';
    this.payload = payload;
  }
}

/** Invokes a contract channel and unwraps the envelope; transport failures become CallErrors too. */
export async function call<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  let envelope;
  try {
    envelope = await window.api.invoke(channel, request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CallError({
      code: ENVELOPE_ERROR.transport,
      message,
      localized: { 'zh-CN': { message: `通信失败：${message}` }, en: { message: `Transport failure: ${message}` } },
    });
  }
  if (!envelope.ok) throw new CallError(envelope.error);
  return envelope.data;
}
