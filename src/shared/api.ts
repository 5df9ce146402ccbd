import type { Channel, ChannelRequest, ChannelResponse, EventName, EventPayload } from './contract';
import type { Envelope } from './envelope';

/** The shape of `window.api`, identical for the Electron preload and the test harness. */
export interface MarketcodeApi {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<Envelope<ChannelResponse<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
