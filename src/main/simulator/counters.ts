import type { RequestCounters, SimulatorEndpoint } from './types';

/** Counts requests per endpoint and per endpoint + outcome (`ok`, `errcode:<n>`, `http500`, `drop`). */
export class RequestCounter {
  private perEndpoint = new Map<SimulatorEndpoint, number>();
  private perOutcome = new Map<SimulatorEndpoint, Map<string, number>>();
  private arrivedPerEndpoint = new Map<SimulatorEndpoint, number>();

  /** A request arrived (before any latency or fault): counts calls whose caller died before the answer. */
  arrived(endpoint: SimulatorEndpoint): void {
    this.arrivedPerEndpoint.set(endpoint, (this.arrivedPerEndpoint.get(endpoint) ?? 0) + 1);
  }

  /** Requests per endpoint as they arrived, answered or not. */
  arrivals(): Partial<Record<SimulatorEndpoint, number>> {
    return Object.fromEntries(this.arrivedPerEndpoint);
  }

  record(endpoint: SimulatorEndpoint, outcome: string): void {
    this.perEndpoint.set(endpoint, (this.perEndpoint.get(endpoint) ?? 0) + 1);
    let outcomes = this.perOutcome.get(endpoint);
    if (!outcomes) {
      outcomes = new Map();
      this.perOutcome.set(endpoint, outcomes);
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }

  reset(): void {
    this.perEndpoint.clear();
    this.perOutcome.clear();
    this.arrivedPerEndpoint.clear();
  }

  snapshot(): RequestCounters {
    const snapshot: RequestCounters = { perEndpoint: {}, perOutcome: {} };
    for (const [endpoint, count] of this.perEndpoint) snapshot.perEndpoint[endpoint] = count;
    for (const [endpoint, outcomes] of this.perOutcome) snapshot.perOutcome[endpoint] = Object.fromEntries(outcomes);
    return snapshot;
  }
}

export function outcomeOfErrcode(errcode: number): string {
  return errcode === 0 ? 'ok' : `errcode:${errcode}`;
}
