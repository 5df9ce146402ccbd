import { MARKETCODE_ENDPOINTS, type FaultKind, type FaultRequest, type SimulatorEndpoint } from './types';

/**
 * Queued failures for the next marketcode calls, so tests and Training mode can
 * rehearse retries (busy, quota, HTTP 500, dropped connections) on demand.
 */
export class FaultInjector {
  private queue: FaultRequest[] = [];

  add(fault: FaultRequest): void {
    if (fault.count > 0) this.queue.push({ ...fault });
  }

  clear(): void {
    this.queue = [];
  }

  pending(): FaultRequest[] {
    return this.queue.map((fault) => ({ ...fault }));
  }

  /** The fault this call must suffer, if any; consumes one unit of the first matching entry. */
  take(endpoint: SimulatorEndpoint): FaultKind | undefined {
    const marketcode = (MARKETCODE_ENDPOINTS as readonly string[]).includes(endpoint);
    const index = this.queue.findIndex((fault) => (fault.endpoint === undefined ? marketcode : fault.endpoint === endpoint));
    const fault = this.queue[index];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.queue.splice(index, 1);
    return fault.kind;
  }
}
